using Realtime.Core.Components;
using Realtime.Core.Query.Having;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Having;

public class MetricHavingSpecTests
{
    private static bool Matches(string json, object? value) => Read<HavingSpec>(json).Matches(Row(("total_usage", value)));

    [Test]
    public void GroupByDocExample_GreaterThan()
    {
        var having = Read<HavingSpec>("""
            {
              "type": "greaterThan",
              "aggregation": "total_usage",
              "value": 100
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having, Is.TypeOf<GreaterThanHavingSpec>().With.Property("Aggregation").EqualTo("total_usage"));
            Assert.That(having.Matches(Row(("total_usage", 101L))), Is.True);
            Assert.That(having.Matches(Row(("total_usage", 100L))), Is.False);
            Assert.That(having.Matches(Row(("total_usage", 100.5))), Is.True);
        });
    }

    [Test]
    public void EqualToAndLessThan_CompareByValue()
    {
        const string equalTo = """{"type": "equalTo", "aggregation": "total_usage", "value": 100}""";
        const string lessThan = """{"type": "lessThan", "aggregation": "total_usage", "value": 100}""";
        Assert.Multiple(() =>
        {
            Assert.That(Matches(equalTo, 100L), Is.True);
            Assert.That(Matches(equalTo, 100.0), Is.True);
            Assert.That(Matches(equalTo, 100.01), Is.False);
            Assert.That(Matches(lessThan, 99L), Is.True);
            Assert.That(Matches(lessThan, 99.99), Is.True);
            Assert.That(Matches(lessThan, 100L), Is.False);
        });
    }

    [Test]
    public void LongsCompareExactlyWithFractionalValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Matches("""{"type": "equalTo", "aggregation": "total_usage", "value": 0.5}""", 0L), Is.False);
            Assert.That(Matches("""{"type": "greaterThan", "aggregation": "total_usage", "value": 0.5}""", 1L), Is.True);
            Assert.That(Matches("""{"type": "lessThan", "aggregation": "total_usage", "value": -0.5}""", -1L), Is.True);
        });
    }

    [Test]
    public void NumericText_IsParsed_OtherTextAndNoValueNeverMatch()
    {
        const string greaterThan = """{"type": "greaterThan", "aggregation": "total_usage", "value": 10}""";
        const string lessThan = """{"type": "lessThan", "aggregation": "total_usage", "value": 10}""";
        Assert.Multiple(() =>
        {
            Assert.That(Matches(greaterThan, "11"), Is.True);
            Assert.That(Matches(greaterThan, "10.5"), Is.True);
            Assert.That(Matches(greaterThan, "abc"), Is.False);
            Assert.That(Matches(lessThan, "abc"), Is.False);
            Assert.That(Matches(lessThan, null), Is.False);
            Assert.That(Read<HavingSpec>(lessThan).Matches(Row(("other", 1L))), Is.False);
        });
    }

    [Test]
    public void AggregationIsRequired() =>
        Assert.That(() => Read<HavingSpec>("""{"type": "lessThan", "value": 10}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("aggregation"));

    [Test]
    public void EmptyAggregation_IsRejectedNamingTheField() =>
        Assert.That(() => Read<HavingSpec>("""{"type": "equalTo", "aggregation": "", "value": 10}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("equalTo.aggregation is required."));
}
