using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class ExpressionPostAggregatorTests
{
    [Test]
    public void DocExample_PartPercentage()
    {
        var postAggregator = Read<PostAggregator>("""
            { "type" : "expression", "name" : "part_percentage", "expression" : "100 * (part / tot)" }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(postAggregator.DependentFields, Is.EquivalentTo(new[] { "part", "tot" }));
            Assert.That(postAggregator.Compute(Row(("part", 25.0), ("tot", 200.0)).Values, Aggregators()), Is.EqualTo(12.5));
        });
    }

    [Test]
    public void Aggregators_AreReadFinalized()
    {
        var aggregators = Aggregators(new HyperUniqueAggregatorFactory { Name = "users", FieldName = "user", Round = true });
        var postAggregator = Read<PostAggregator>("""{ "type" : "expression", "name" : "e", "expression" : "users * 10" }""");

        Assert.That(postAggregator.Compute(Row(("users", Sketch(3))).Values, aggregators), Is.EqualTo(30L));
    }

    [Test]
    public void SyntaxError_IsRejectedNamingThePostAggregator() =>
        Assert.That(() => Read<PostAggregator>("""{ "type" : "expression", "name" : "e", "expression" : "part / " }"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("expression post-aggregator 'e': Cannot parse expression 'part / '"));

    [Test]
    public void MissingIdentifier_ReadsAsNull_WhichArithmeticCountsAsZero()
    {
        var postAggregator = Read<PostAggregator>("""{ "type" : "expression", "name" : "e", "expression" : "part + 1" }""");

        Assert.That(postAggregator.Compute(Row().Values, Aggregators()), Is.EqualTo(1L));
    }

    [Test]
    public void DefaultOrdering_PutsNumbersBeforeText_NumericFirstPutsFiniteNumbersLast()
    {
        var natural = Read<PostAggregator>("""{ "type" : "expression", "name" : "e", "expression" : "x" }""");
        var numericFirst = Read<PostAggregator>("""{ "type" : "expression", "name" : "e", "expression" : "x", "ordering": "numericFirst" }""");
        object?[] values = ["b", 2L, double.PositiveInfinity, null, "a", 1.5];

        Assert.Multiple(() =>
        {
            Assert.That(values.Order(natural.Comparer).ToArray(), Is.EqualTo(new object?[] { null, 1.5, 2L, double.PositiveInfinity, "a", "b" }));
            Assert.That(values.Order(numericFirst.Comparer).ToArray(), Is.EqualTo(new object?[] { null, double.PositiveInfinity, 1.5, 2L, "a", "b" }));
        });
    }
}
