using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class ArithmeticPostAggregatorTests
{
    private static readonly Dictionary<string, AggregatorFactory> NoAggregators = [];

    private static object? Compute(string json, params (string Name, object? Value)[] values) =>
        Read<PostAggregator>(json).Compute(Row(values).Values, NoAggregators);

    private static string Arithmetic(string fn, params string[] fields) =>
        $$"""{"type": "arithmetic", "name": "r", "fn": "{{fn}}", "fields": [{{string.Join(", ", fields.Select(f => $$"""{"type": "fieldAccess", "fieldName": "{{f}}"}"""))}}]}""";

    [Test]
    public void DocExample_PartPercentage_NestsArithmetic()
    {
        var json = """
            {
              "type": "arithmetic", "name": "part_percentage", "fn": "*",
              "fields": [
                { "type": "arithmetic", "name": "ratio", "fn": "/",
                  "fields": [
                    { "type": "fieldAccess", "name": "part", "fieldName": "part" },
                    { "type": "fieldAccess", "name": "tot", "fieldName": "tot" }
                  ]
                },
                { "type": "constant", "name": "const", "value": 100 }
              ]
            }
            """;
        var postAggregator = (ArithmeticPostAggregator)Read<PostAggregator>(json);

        Assert.Multiple(() =>
        {
            Assert.That(postAggregator.Name, Is.EqualTo("part_percentage"));
            Assert.That(postAggregator.DependentFields, Is.EquivalentTo(new[] { "part", "tot" }));
            Assert.That(postAggregator.Compute(Row(("part", 25.0), ("tot", 200.0)).Values, NoAggregators), Is.EqualTo(12.5));
        });
    }

    [Test]
    public void Operators_ApplyLeftToRightInFloatingPoint()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compute(Arithmetic("+", "a", "b", "c"), ("a", 1L), ("b", 2L), ("c", 0.5)), Is.EqualTo(3.5));
            Assert.That(Compute(Arithmetic("-", "a", "b", "c"), ("a", 10L), ("b", 3L), ("c", 2L)), Is.EqualTo(5.0));
            Assert.That(Compute(Arithmetic("*", "a", "b"), ("a", 4L), ("b", 2.5)), Is.EqualTo(10.0));
            Assert.That(Compute(Arithmetic("/", "a", "b", "c"), ("a", 12L), ("b", 3L), ("c", 8L)), Is.EqualTo(0.5));
            Assert.That(Compute(Arithmetic("quotient", "a", "b"), ("a", 7L), ("b", 2L)), Is.EqualTo(3.5));
        });
    }

    [Test]
    public void Divide_ByZeroIsZero_QuotientIsPlainDivision()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Compute(Arithmetic("/", "a", "b"), ("a", 5L), ("b", 0L)), Is.EqualTo(0.0));
            Assert.That(Compute(Arithmetic("/", "a", "b"), ("a", -5.5), ("b", 0.0)), Is.EqualTo(0.0));
            Assert.That(Compute(Arithmetic("quotient", "a", "b"), ("a", 5L), ("b", 0L)), Is.EqualTo(double.PositiveInfinity));
            Assert.That(Compute(Arithmetic("quotient", "a", "b"), ("a", 0L), ("b", 0L)), Is.NaN);
        });
    }

    [Test]
    public void NullOperand_GivesNull() =>
        Assert.That(Compute(Arithmetic("+", "a", "b"), ("a", 1L), ("b", null)), Is.Null);

    [Test]
    public void SketchOperand_UsesItsEstimate()
    {
        var sketch = Sketch(3);

        var result = Compute(Arithmetic("/", "users", "rows"), ("users", sketch), ("rows", 2L));

        Assert.That(result, Is.EqualTo(1.5).Within(0.01));
    }

    [Test]
    public void TextOperand_IsRejectedNamingThePostAggregatorAndField() =>
        Assert.That(() => Compute(Arithmetic("+", "a", "b"), ("a", 1L), ("b", "abc")),
            Throws.ArgumentException.With.Message.EqualTo("arithmetic post-aggregator 'r': fields[1] is not a number (String 'abc')."));

    [Test]
    public void MissingField_ReadsAsNull() =>
        Assert.That(Compute(Arithmetic("+", "a", "b"), ("a", 1L)), Is.Null);

    [Test]
    public void UnknownFunction_IsRejected() =>
        Assert.That(() => Read<PostAggregator>(Arithmetic("%", "a", "b")),
            Throws.InstanceOf<SpecException>().With.Message.Contains("arithmetic post-aggregator 'r': fn '%' is not one of +, -, *, /, quotient."));

    [Test]
    public void OneField_IsRejected() =>
        Assert.That(() => Read<PostAggregator>(Arithmetic("+", "a")),
            Throws.InstanceOf<SpecException>().With.Message.Contains("fields must hold at least 2 post-aggregators"));

    [Test]
    public void UnknownOrdering_IsRejected() =>
        Assert.That(() => Read<PostAggregator>("""{"type": "arithmetic", "name": "r", "fn": "+", "ordering": "finiteLast", "fields": [{"type": "constant", "value": 1}, {"type": "constant", "value": 2}]}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("ordering 'finiteLast' is not known"));

    [Test]
    public void NumericFirst_RanksFiniteValuesFirstThenNaNThenInfinities()
    {
        var postAggregator = Read<PostAggregator>("""{"type": "arithmetic", "name": "r", "fn": "/", "ordering": "numericFirst", "fields": [{"type": "constant", "value": 1}, {"type": "constant", "value": 2}]}""");
        object?[] values = [double.PositiveInfinity, 1.0, double.NaN, double.NegativeInfinity, 5.0];

        var highestFirst = values.OrderDescending(postAggregator.Comparer).ToArray();

        Assert.That(highestFirst, Is.EqualTo(new object?[] { 5.0, 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity }));
    }

    [Test]
    public void DefaultOrdering_IsNumeric()
    {
        var postAggregator = Read<PostAggregator>(Arithmetic("+", "a", "b"));
        object?[] values = [2.0, null, -1.0, double.NaN];

        Assert.That(values.Order(postAggregator.Comparer).ToArray(), Is.EqualTo(new object?[] { null, -1.0, 2.0, double.NaN }));
    }
}
