using Realtime.Core.Aggregation;
using Realtime.Core.Query;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class PostAggregatorPlanTests
{
    private static readonly AggregatorFactory[] GroupByDocAggregators =
    [
        new LongSumAggregatorFactory { Name = "total_usage", FieldName = "user_count" },
        new DoubleSumAggregatorFactory { Name = "data_transfer", FieldName = "data_transfer" },
    ];

    private static PostAggregator[] PostAggregators(string json) => Read<PostAggregator[]>(json);

    [Test]
    public void GroupByDocExample_ComputesAverageUsage()
    {
        var plan = PostAggregatorPlan.Create(["country", "device"], GroupByDocAggregators, PostAggregators("""
            [
              { "type": "arithmetic",
                "name": "avg_usage",
                "fn": "/",
                "fields": [
                  { "type": "fieldAccess", "fieldName": "data_transfer" },
                  { "type": "fieldAccess", "fieldName": "total_usage" }
                ]
              }
            ]
            """));
        var row = Row(("country", "fr"), ("device", "phone"), ("total_usage", 200L), ("data_transfer", 50.0));

        plan.Compute(row);

        Assert.That(row.Values["avg_usage"], Is.EqualTo(0.25));
    }

    [Test]
    public void PostAggregatorsReadingLaterOnes_AreComputedAfterThem()
    {
        var plan = PostAggregatorPlan.Create([], GroupByDocAggregators, PostAggregators("""
            [
              { "type": "arithmetic", "name": "percent", "fn": "*", "fields": [{ "type": "fieldAccess", "fieldName": "ratio" }, { "type": "constant", "value": 100 }] },
              { "type": "expression", "name": "ratio", "expression": "data_transfer / total_usage" },
              { "type": "constant", "name": "one", "value": 1 }
            ]
            """));
        var row = Row(("total_usage", 8L), ("data_transfer", 2.0));

        plan.Compute(row);

        Assert.Multiple(() =>
        {
            Assert.That(plan.PostAggregators.Select(p => p.Name), Is.EqualTo(new[] { "ratio", "percent", "one" }));
            Assert.That(row.Values["ratio"], Is.EqualTo(0.25));
            Assert.That(row.Values["percent"], Is.EqualTo(25.0));
        });
    }

    [Test]
    public void DimensionValues_CanBeRead()
    {
        var plan = PostAggregatorPlan.Create(["page"], [], PostAggregators("""[{ "type": "expression", "name": "title", "expression": "concat('page ', page)" }]"""));
        var row = Row(("page", "Main"));

        plan.Compute(row);

        Assert.That(row.Values["title"], Is.EqualTo("page Main"));
    }

    [Test]
    public void UnknownField_IsRejectedNamingThePostAggregatorAndField() =>
        Assert.That(() => PostAggregatorPlan.Create([], GroupByDocAggregators, PostAggregators("""
                [{ "type": "arithmetic", "name": "avg", "fn": "/", "fields": [{ "type": "fieldAccess", "fieldName": "data_transfer" }, { "type": "fieldAccess", "fieldName": "rows" }] }]
                """)),
            Throws.ArgumentException.With.Message.EqualTo("arithmetic post-aggregator 'avg': field 'rows' is not an aggregator, dimension or post-aggregator of the query."));

    [Test]
    public void Cycle_IsRejected() =>
        Assert.That(() => PostAggregatorPlan.Create([], [], PostAggregators("""
                [
                  { "type": "expression", "name": "a", "expression": "b + 1" },
                  { "type": "expression", "name": "b", "expression": "c + 1" },
                  { "type": "expression", "name": "c", "expression": "a + 1" }
                ]
                """)),
            Throws.ArgumentException.With.Message.EqualTo("Post-aggregators read each other in a cycle: a -> b -> c -> a."));

    [Test]
    public void DuplicateOutputName_IsRejected() =>
        Assert.That(() => PostAggregatorPlan.Create([], GroupByDocAggregators, PostAggregators("""[{ "type": "constant", "name": "total_usage", "value": 1 }]""")),
            Throws.ArgumentException.With.Message.EqualTo("Output name 'total_usage' is used twice among the query's dimensions, aggregators and post-aggregators."));

    [Test]
    public void UnnamedPostAggregator_IsRejected() =>
        Assert.That(() => PostAggregatorPlan.Create([], [], PostAggregators("""[{ "type": "constant", "value": 1 }]""")),
            Throws.ArgumentException.With.Message.EqualTo("A constant post-aggregator of the query has no name."));

    [Test]
    public void Columns_CarryDimensionsAndEachMetricsComparer()
    {
        var plan = PostAggregatorPlan.Create(["country"], GroupByDocAggregators, PostAggregators("""
            [{ "type": "expression", "name": "e", "expression": "total_usage", "ordering": "numericFirst" }]
            """));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Columns.Dimensions, Is.EqualTo(new[] { "country" }));
            Assert.That(plan.Columns.Metrics.Keys, Is.EquivalentTo(new[] { "total_usage", "data_transfer", "e" }));
            Assert.That(plan.Columns.Metrics["e"], Is.SameAs(ValueOrdering.NumericFirst));
            Assert.That(plan.Columns.Metrics["total_usage"].Compare(3L, 2.5), Is.Positive);
        });
    }

    [Test]
    public void AggregatorColumns_OrderStatesByTheirFinalizedValue_AndFinalValuesAsNumbers()
    {
        var plan = PostAggregatorPlan.Create([], [new HyperUniqueAggregatorFactory { Name = "users", FieldName = "user" }], []);
        object?[] values = [Sketch(5), 1.0, Sketch(2), null];

        var ordered = values.Order(plan.Columns.Metrics["users"]).Select(v => v is HyperLogLogCollector sketch ? Math.Round(sketch.Estimate()) : v);

        Assert.That(ordered, Is.EqualTo(new object?[] { null, 1.0, 2.0, 5.0 }));
    }
}
