using Realtime.Core.Aggregation;

namespace Realtime.Core.Tests.Aggregation;

public class HyperLogLogCollectorTests
{
    private const double StandardError = 1.04 / 45.254833995939045; // 1.04 / sqrt(2048) ≈ 2.3%

    [Test]
    public void Estimate_OfHundredThousandDistinctValues_IsWithinThreeStandardErrors()
    {
        var collector = new HyperLogLogCollector();
        for (var i = 0; i < 100_000; i++)
        {
            collector.Add($"user-{i}");
        }

        Assert.That(collector.Estimate(), Is.EqualTo(100_000).Within(3 * StandardError * 100_000));
    }

    [Test]
    public void Estimate_IgnoresRepeatsAndNulls()
    {
        var collector = new HyperLogLogCollector();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 1000; i++)
            {
                collector.Add($"v{i}");
                collector.Add(null);
            }
        }

        Assert.That(collector.Estimate(), Is.EqualTo(1000).Within(3 * StandardError * 1000));
    }

    [Test]
    public void Estimate_OfSmallSets_IsNearlyExact()
    {
        var empty = new HyperLogLogCollector();
        var three = new HyperLogLogCollector();
        three.Add("a");
        three.Add("b");
        three.Add("c");
        Assert.Multiple(() =>
        {
            Assert.That(empty.Estimate(), Is.EqualTo(0));
            Assert.That(three.Estimate(), Is.EqualTo(3).Within(0.01));
        });
    }

    [Test]
    public void Fold_EstimatesTheUnion()
    {
        var left = new HyperLogLogCollector();
        var right = new HyperLogLogCollector();
        var both = new HyperLogLogCollector();
        for (var i = 0; i < 20_000; i++)
        {
            (i % 2 == 0 ? left : right).Add($"k{i % 15_000}");
            both.Add($"k{i % 15_000}");
        }

        left.Fold(right);
        Assert.That(left.Estimate(), Is.EqualTo(both.Estimate()));
    }

    [TestCase(10)]
    [TestCase(5000)]
    public void Serialization_RoundTripsSparseAndDense(int distinct)
    {
        var collector = new HyperLogLogCollector();
        for (var i = 0; i < distinct; i++)
        {
            collector.Add(i.ToString());
        }

        var bytes = collector.ToByteArray();
        var copy = HyperLogLogCollector.FromBytes(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(copy.Estimate(), Is.EqualTo(collector.Estimate()));
            Assert.That(copy.ToByteArray(), Is.EqualTo(bytes));
            Assert.That(bytes, Has.Length.EqualTo(collector.SerializedLength));
        });
    }

    [Test]
    public void FromBytes_RejectsGarbage()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<InvalidDataException>(() => HyperLogLogCollector.FromBytes([]));
            Assert.Throws<InvalidDataException>(() => HyperLogLogCollector.FromBytes([9, 0]));
            Assert.Throws<InvalidDataException>(() => HyperLogLogCollector.FromBytes([1, 0, 5, 0, 1]));
            Assert.Throws<InvalidDataException>(() => HyperLogLogCollector.FromBytes([1, 0, 1, 0, 0xFF, 0xFF, 3]));
        });
    }

    [Test]
    public void Clone_IsIndependent()
    {
        var original = new HyperLogLogCollector();
        original.Add("x");
        var clone = original.Clone();
        clone.Add("y");
        Assert.That(original.Estimate(), Is.LessThan(clone.Estimate()));
    }
}
