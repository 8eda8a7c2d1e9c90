using Realtime.Core.Components;
using Realtime.Core.Query;
using Realtime.Core.Query.Ordering;
using Realtime.Core.Query.PostAggregation;
using Realtime.Core.Values;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Ordering;

public class TopNMetricSpecTests
{
    private static readonly QueryColumns Columns = new(
        ["page"],
        new Dictionary<string, IComparer<object?>> { ["count"] = NumericValueComparer.Instance, ["ratio"] = ValueOrdering.NumericFirst });

    /// <summary>The spec read from the topN query's "metric" field.</summary>
    private static TopNMetricSpec Metric(string json) => Read<TopNMetricSpec>(json);

    private static string?[] Rank(TopNMetricSpec spec, params (string? Page, object? Value)[] rows) =>
        rows.Select(r => Row(("page", r.Page), ("count", r.Value), ("ratio", r.Value)))
            .Order(spec.CreateComparer("page", Columns))
            .Select(r => (string?)r.Values["page"])
            .ToArray();

    [Test]
    public void PlainString_IsANumericSpec()
    {
        var spec = Metric("\"count\"");

        Assert.Multiple(() =>
        {
            Assert.That(spec, Is.TypeOf<NumericTopNMetricSpec>().With.Property("Metric").EqualTo("count"));
            Assert.That(spec.MetricName, Is.EqualTo("count"));
            Assert.That(spec.RanksByDimension, Is.False);
        });
    }

    [Test]
    public void Numeric_RanksHighestFirst_TiesByDimensionValue()
    {
        var spec = Metric("""{ "type": "numeric", "metric": "count" }""");

        Assert.That(Rank(spec, ("b", 5L), ("c", 9L), ("a", 5L), ("d", null), (null, 5L)), Is.EqualTo(new[] { "c", null, "a", "b", "d" }));
    }

    [Test]
    public void Numeric_UsesTheMetricsComparer()
    {
        var spec = Metric("""{ "type": "numeric", "metric": "ratio" }""");

        Assert.That(Rank(spec, ("inf", double.PositiveInfinity), ("one", 1.0), ("nan", double.NaN), ("two", 2.0)), Is.EqualTo(new[] { "two", "one", "nan", "inf" }));
    }

    [Test]
    public void Numeric_UnknownMetric_IsRejectedNamingIt() =>
        Assert.That(() => Metric("\"added\"").CreateComparer("page", Columns),
            Throws.ArgumentException.With.Message.EqualTo("topN metric 'added' is not an aggregator or post-aggregator of the query."));

    [Test]
    public void Inverted_RanksLowestFirst_NoValueLast_TiesStillByDimensionValue()
    {
        var spec = Metric("""{ "type": "inverted", "metric": { "type": "numeric", "metric": "count" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(spec.MetricName, Is.EqualTo("count"));
            Assert.That(Rank(spec, ("b", 5L), ("d", null), ("c", 9L), ("a", 5L), ("e", 1L)), Is.EqualTo(new[] { "e", "a", "b", "c", "d" }));
        });
    }

    [Test]
    public void Inverted_AcceptsAPlainStringMetric() =>
        Assert.That(Metric("""{ "type": "inverted", "metric": "count" }""").MetricName, Is.EqualTo("count"));

    [Test]
    public void DocExample_Dimension_RanksByOrderingAndSkipsUpToPreviousStop()
    {
        var spec = Metric("""
            {
              "type": "dimension",
              "ordering": "alphanumeric",
              "previousStop": "file2"
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(spec, Is.TypeOf<DimensionTopNMetricSpec>().With.Property("Ordering").SameAs(StringOrdering.Alphanumeric));
            Assert.That(spec.MetricName, Is.Null);
            Assert.That(Rank(spec, ("file12", 1L), ("file2", 2L), (null, 3L), ("file10", 4L)), Is.EqualTo(new[] { null, "file2", "file10", "file12" }));
            Assert.That(new[] { "file1", "file2", "file3", "file10", null }.Where(spec.Accepts), Is.EqualTo(new[] { "file3", "file10" }));
        });
    }

    [Test]
    public void Dimension_DefaultsToLexicographic_WithoutPreviousStopAcceptsAll()
    {
        var spec = Metric("""{ "type": "dimension" }""");

        Assert.Multiple(() =>
        {
            Assert.That(((DimensionTopNMetricSpec)spec).Ordering, Is.SameAs(StringOrdering.Lexicographic));
            Assert.That(Rank(spec, ("file2", 1L), ("file10", 2L)), Is.EqualTo(new[] { "file10", "file2" }));
            Assert.That(spec.Accepts(null), Is.True);
        });
    }

    [Test]
    public void Inverted_Dimension_RanksDescending_AndKeepsValuesBeforePreviousStop()
    {
        var spec = Metric("""{ "type": "inverted", "metric": { "type": "dimension", "ordering": "numeric", "previousStop": "10" } }""");

        Assert.Multiple(() =>
        {
            Assert.That(Rank(spec, ("9", 1L), ("10", 2L), (null, 3L), ("100", 4L)), Is.EqualTo(new[] { null, "100", "10", "9" }));
            Assert.That(new[] { "9", "10", "100", null }.Where(spec.Accepts), Is.EqualTo(new[] { "9" }));
        });
    }

    [Test]
    public void InvertedTwice_IsTheOriginalOrder()
    {
        var spec = Metric("""{ "type": "inverted", "metric": { "type": "inverted", "metric": { "type": "dimension", "previousStop": "b" } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(Rank(spec, ("c", 1L), ("a", 2L), (null, 3L)), Is.EqualTo(new[] { null, "a", "c" }));
            Assert.That(new[] { "a", "b", "c", null }.Where(spec.Accepts), Is.EqualTo(new[] { "c" }));
        });
    }

    [Test]
    public void LegacyLexicographicAndAlphaNumeric_AreDimensionSpecs()
    {
        var lexicographic = Metric("""{ "type": "lexicographic", "previousStop": "b" }""");
        var alphaNumeric = Metric("""{ "type": "alphaNumeric", "previousStop": "file2" }""");

        Assert.Multiple(() =>
        {
            Assert.That(((DimensionTopNMetricSpec)lexicographic).Ordering, Is.SameAs(StringOrdering.Lexicographic));
            Assert.That(((DimensionTopNMetricSpec)alphaNumeric).Ordering, Is.SameAs(StringOrdering.Alphanumeric));
            Assert.That(new[] { "a", "b", "ba" }.Where(lexicographic.Accepts), Is.EqualTo(new[] { "ba" }));
            Assert.That(new[] { "file1", "file2", "file10" }.Where(alphaNumeric.Accepts), Is.EqualTo(new[] { "file10" }));
        });
    }

    [Test]
    public void UnknownType_ListsTheKnownOnes() =>
        Assert.That(() => Metric("""{ "type": "version" }"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("Unknown topNMetricSpec type 'version'").And.Message.Contains("inverted"));
}
