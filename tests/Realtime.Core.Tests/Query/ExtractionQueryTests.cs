using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query;
using Realtime.Core.Tests.Index;

namespace Realtime.Core.Tests.Query;

/// <summary>Dimension specs and extraction functions as the query engine applies them.</summary>
public class ExtractionQueryTests
{
    private QueryExecutor _executor = null!;

    [SetUp]
    public void SetUp()
    {
        var schema = IndexTestData.Schema([IndexTestData.Str("page"), IndexTestData.Str("tags")], aggregators: new CountAggregatorFactory { Name = "count" });
        var index = IndexTestData.Ingest(schema,
        [
            IndexTestData.Row("2018-01-01T00:00:00Z", ("page", "Apple"), ("tags", new[] { "t1", "t2" })),
            IndexTestData.Row("2018-01-01T00:01:00Z", ("page", "apricot"), ("tags", new[] { "t2", "t3" })),
            IndexTestData.Row("2018-01-01T00:02:00Z", ("page", "banana"), ("tags", "t1")),
            IndexTestData.Row("2018-01-01T00:03:00Z", ("tags", "t3")),
        ]);
        var segment = new Mock<IQueryableSegment>();
        segment.Setup(s => s.Id).Returns(new SegmentId("pages", IndexTestData.Day, "v1", 0));
        segment.Setup(s => s.Acquire()).Returns(() => new SegmentLease([index]));
        var source = new Mock<ISegmentSource>();
        source.Setup(s => s.DataSources).Returns(["pages"]);
        source.Setup(s => s.GetSegments("pages")).Returns([segment.Object]);
        _executor = new QueryExecutor(source.Object, new SpecSerializer(ComponentRegistry.BuiltIn), NullLogger<QueryExecutor>.Instance);
    }

    [Test]
    public async Task GroupsByExtractedValuesOfRowsTheFilterMapsToAMatch()
    {
        var result = await _executor.RunAsync("""
            {"queryType": "groupBy", "dataSource": "pages", "intervals": ["2018-01-01/2018-01-02"], "granularity": "all",
             "dimensions": [{"type": "extraction", "dimension": "page", "outputName": "initial",
                             "extractionFn": {"type": "cascade", "extractionFns": [{"type": "substring", "index": 0, "length": 1}, {"type": "upper"}]}}],
             "filter": {"type": "selector", "dimension": "page", "value": null, "extractionFn": {"type": "partial", "expr": "^b"}},
             "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        // The filter maps every page but banana to null, so it keeps Apple, apricot and the row without a page.
        Assert.That(Events(result), Is.EquivalentTo(new[] { "initial= rows=1", "initial=A rows=2" }));
    }

    [Test]
    public async Task ListFilteredKeepsOnlyTheListedValuesOfMultiValueRows()
    {
        var result = await _executor.RunAsync("""
            {"queryType": "groupBy", "dataSource": "pages", "intervals": ["2018-01-01/2018-01-02"], "granularity": "all",
             "dimensions": [{"type": "listFiltered", "delegate": "tags", "values": ["t1"]}],
             "filter": {"type": "selector", "dimension": "tags", "value": "t2"},
             "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        // The rows with t2 are [t1, t2] and [t2, t3]: the second keeps no value and, as in Druid, groups as null.
        Assert.That(Events(result), Is.EquivalentTo(new[] { "tags=t1 rows=1", "tags= rows=1" }));
    }

    [Test]
    public async Task TimeIsFormattedPerBucket()
    {
        var result = await _executor.RunAsync("""
            {"queryType": "groupBy", "dataSource": "pages", "intervals": ["2018-01-01/2018-01-02"], "granularity": "all",
             "dimensions": [{"type": "extraction", "dimension": "__time", "outputName": "day", "extractionFn": {"type": "timeFormat", "format": "EEEE d MMMM", "locale": "fr"}}],
             "aggregations": [{"type": "count", "name": "rows"}]}
            """);

        Assert.That(Events(result), Is.EqualTo(new[] { "day=lundi 1 janvier rows=4" }));
    }

    private static string[] Events(JsonArray result) => result
        .Select(r => r!["event"]!.AsObject())
        .Select(e => string.Join(" ", e.Select(p => $"{p.Key}={p.Value}")))
        .ToArray();
}
