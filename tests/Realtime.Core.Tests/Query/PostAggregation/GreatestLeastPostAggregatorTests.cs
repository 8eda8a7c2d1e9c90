using Realtime.Core.Components;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class GreatestLeastPostAggregatorTests
{
    private static object? Compute(string type, params object?[] fieldValues)
    {
        var fields = string.Join(", ", fieldValues.Select((_, i) => $$"""{"type": "fieldAccess", "fieldName": "f{{i}}"}"""));
        var postAggregator = Read<PostAggregator>($$"""{"type": "{{type}}", "name": "x", "fields": [{{fields}}]}""");
        return postAggregator.Compute(Row(fieldValues.Select((v, i) => ($"f{i}", v)).ToArray()).Values, Aggregators());
    }

    [Test]
    public void Doubles_PickTheExtremeAsADouble()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compute("doubleGreatest", 3L, 2.5, -7.0), Is.EqualTo(3.0).And.TypeOf<double>());
            Assert.That(Compute("doubleLeast", 3L, 2.5, -7.0), Is.EqualTo(-7.0));
        });
    }

    [Test]
    public void Longs_PickTheExtremeAsALong_TruncatingDoubles()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compute("longGreatest", 3L, 7.9, -2L), Is.EqualTo(7L));
            Assert.That(Compute("longLeast", 3L, 7.9, -2.6), Is.EqualTo(-2L));
            Assert.That(Compute("longGreatest", 9_007_199_254_740_993L, 1L), Is.EqualTo(9_007_199_254_740_993L));
        });
    }

    [Test]
    public void NullFields_AreIgnored_AndNoValueGivesTheIdentity()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compute("doubleGreatest", null, 2.0), Is.EqualTo(2.0));
            Assert.That(Compute("doubleGreatest", [null]), Is.EqualTo(double.NegativeInfinity));
            Assert.That(Compute("doubleLeast", [null]), Is.EqualTo(double.PositiveInfinity));
            Assert.That(Compute("longGreatest", [null]), Is.EqualTo(long.MinValue));
            Assert.That(Compute("longLeast", [null]), Is.EqualTo(long.MaxValue));
        });
    }

    [Test]
    public void NoFields_AreRejected() =>
        Assert.That(() => Read<PostAggregator>("""{"type": "doubleGreatest", "name": "x", "fields": []}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("doubleGreatest post-aggregator 'x': fields must hold at least 1 post-aggregator."));
}
