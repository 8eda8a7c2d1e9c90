using Realtime.Core.Query.PostAggregation;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class NumericValueComparerTests
{
    private static readonly NumericValueComparer Comparer = NumericValueComparer.Instance;

    [Test]
    public void NullFirst_NaNLast()
    {
        object?[] values = [double.NaN, 3L, null, double.NegativeInfinity, 2.5f, "text"];

        Assert.That(values.Order(Comparer).ToArray(), Is.EqualTo(new object?[] { null, "text", double.NegativeInfinity, 2.5f, 3L, double.NaN }));
    }

    [Test]
    public void LongsCompareExactly_WithLongsAndDoubles()
    {
        const long twoToThe53 = 9_007_199_254_740_992L;
        Assert.Multiple(() =>
        {
            Assert.That(Comparer.Compare(twoToThe53 + 1, twoToThe53), Is.Positive);
            Assert.That(Comparer.Compare(twoToThe53 + 1, (double)twoToThe53), Is.Positive);
            Assert.That(Comparer.Compare((double)twoToThe53, twoToThe53 + 1), Is.Negative);
            Assert.That(Comparer.Compare(2L, 2.0), Is.Zero);
            Assert.That(Comparer.Compare(2L, 2.5), Is.Negative);
            Assert.That(Comparer.Compare(-3L, -2.5), Is.Negative);
            Assert.That(Comparer.Compare(-2L, -2.5), Is.Positive);
            Assert.That(Comparer.Compare(long.MaxValue, 1e19), Is.Negative);
            Assert.That(Comparer.Compare(long.MinValue, -1e19), Is.Positive);
        });
    }
}
