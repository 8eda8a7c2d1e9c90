using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using static Realtime.Core.Tests.Index.IndexTestData;
using Realtime.Core.Tests.Parsing;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Index;

public class IncrementalIndexTests
{
    // apache/druid examples/quickstart/tutorial/rollup-data.json
    private const string RollupData = """
        {"timestamp":"2018-01-01T01:01:35Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":20,"bytes":9024}
        {"timestamp":"2018-01-01T01:01:51Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":255,"bytes":21133}
        {"timestamp":"2018-01-01T01:01:59Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":11,"bytes":5780}
        {"timestamp":"2018-01-01T01:02:14Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":38,"bytes":6289}
        {"timestamp":"2018-01-01T01:02:29Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":377,"bytes":359971}
        {"timestamp":"2018-01-01T01:03:29Z","srcIP":"1.1.1.1", "dstIP":"2.2.2.2","packets":49,"bytes":10204}
        {"timestamp":"2018-01-02T21:33:14Z","srcIP":"7.7.7.7", "dstIP":"8.8.8.8","packets":38,"bytes":6289}
        {"timestamp":"2018-01-02T21:33:45Z","srcIP":"7.7.7.7", "dstIP":"8.8.8.8","packets":123,"bytes":93999}
        {"timestamp":"2018-01-02T21:35:45Z","srcIP":"7.7.7.7", "dstIP":"8.8.8.8","packets":12,"bytes":2818}
        """;

    internal static IEnumerable<InputRow> RollupRows() => RollupData.Split('\n').Select(line =>
    {
        using var json = JsonDocument.Parse(line);
        var fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64() : (object?)p.Value.GetString());
        return (InputRow)new MapInputRow(DateTimes.ParseIso((string)fields["timestamp"]!), ["srcIP", "dstIP"], fields);
    }).ToList();

    internal static IndexSchema RollupSchema(bool rollup = true) => Schema([Str("srcIP"), Str("dstIP")], Granularity.FromName("minute"), rollup,
        new CountAggregatorFactory { Name = "count" },
        new LongSumAggregatorFactory { Name = "packets", FieldName = "packets" },
        new LongSumAggregatorFactory { Name = "bytes", FieldName = "bytes" });

    [Test]
    public void RollupTutorial_FoldsNineEventsIntoFiveRows()
    {
        using var index = Ingest(RollupSchema(), RollupRows(), Interval.Parse("2018-01-01/2018-01-03"));

        // The result table of Druid's rollup tutorial.
        Assert.That(IndexRows.Read(index).Select(r => r.ToString()), Is.EqualTo(new[]
        {
            "2018-01-01T01:01:00.000Z srcIP=1.1.1.1 dstIP=2.2.2.2 | count=3 packets=286 bytes=35937",
            "2018-01-01T01:02:00.000Z srcIP=1.1.1.1 dstIP=2.2.2.2 | count=2 packets=415 bytes=366260",
            "2018-01-01T01:03:00.000Z srcIP=1.1.1.1 dstIP=2.2.2.2 | count=1 packets=49 bytes=10204",
            "2018-01-02T21:33:00.000Z srcIP=7.7.7.7 dstIP=8.8.8.8 | count=2 packets=161 bytes=100288",
            "2018-01-02T21:35:00.000Z srcIP=7.7.7.7 dstIP=8.8.8.8 | count=1 packets=12 bytes=2818",
        }));
    }

    [Test]
    public void ParsedRowsInChangingFieldOrdersIndexAsRowsReadByName()
    {
        // The JSON parser's rows, whose fields the index reads by position once per field layout: the layouts change
        // from line to line (order, a missing metric, an extra field, a missing dimension), and switch back.
        var parser = Parsers.FromJson("""
            {"type": "string", "parseSpec": {"format": "json", "timestampSpec": {"column": "timestamp", "format": "auto"},
              "dimensionsSpec": {"dimensions": ["srcIP", "dstIP"]}}}
            """);
        string[] lines =
        [
            """{"timestamp":"2018-01-01T01:01:35Z","srcIP":"1.1.1.1","dstIP":"2.2.2.2","packets":20,"bytes":9024}""",
            """{"bytes":21133,"packets":255,"dstIP":"2.2.2.2","srcIP":"1.1.1.1","timestamp":"2018-01-01T01:01:51Z"}""",
            """{"timestamp":"2018-01-01T01:01:59Z","srcIP":"1.1.1.1","dstIP":"2.2.2.2","packets":11}""",
            """{"timestamp":"2018-01-01T01:02:14Z","extra":"x","srcIP":"1.1.1.1","dstIP":"2.2.2.2","packets":38,"bytes":6289}""",
            """{"timestamp":"2018-01-01T01:02:29Z","srcIP":"1.1.1.1","packets":377,"bytes":359971}""",
            """{"timestamp":"2018-01-01T01:02:40Z","srcIP":"1.1.1.1","dstIP":"2.2.2.2","packets":49,"bytes":10204}""",
        ];
        var parsed = lines.Select(parser.Row).ToList();
        var byName = parsed.Select(row => (InputRow)new MapInputRow(row.TimestampMillis, row.Dimensions,
            new[] { "srcIP", "dstIP", "packets", "bytes" }.ToDictionary(name => name, row.GetRaw))).ToList();
        var interval = Interval.Parse("2018-01-01/2018-01-02");

        using var fromParser = Ingest(RollupSchema(), parsed, interval);
        using var fromMaps = Ingest(RollupSchema(), byName, interval);

        var rows = IndexRows.Read(fromParser).Select(r => r.ToString()).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            "2018-01-01T01:01:00.000Z srcIP=1.1.1.1 dstIP=2.2.2.2 | count=3 packets=286 bytes=30157",
            "2018-01-01T01:02:00.000Z srcIP=1.1.1.1 dstIP=2.2.2.2 | count=2 packets=87 bytes=16493",
            "2018-01-01T01:02:00.000Z srcIP=1.1.1.1 dstIP=null | count=1 packets=377 bytes=359971",
        }));
        Assert.That(rows, Is.EqualTo(IndexRows.Read(fromMaps).Select(r => r.ToString())));
    }

    [Test]
    public void Add_ReturnsTheRowCountAfterRollup()
    {
        using var index = new IndexFactory(RollupSchema()).CreateIncremental(Interval.Parse("2018-01-01/2018-01-03"));
        var counts = RollupRows().Select(r => index.Add(r).RowCount).ToArray();
        Assert.That(counts, Is.EqualTo(new[] { 1, 1, 1, 2, 2, 3, 4, 4, 5 }));
    }

    [Test]
    public void RollupFalse_KeepsEveryRowButTruncatesTime()
    {
        using var index = Ingest(RollupSchema(rollup: false), RollupRows(), Interval.Parse("2018-01-01/2018-01-03"));
        var rows = IndexRows.Read(index);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(9));
            Assert.That(rows.Select(r => r.Timestamp % 60_000), Has.All.EqualTo(0));
            Assert.That(rows.Select(r => r.Metrics["count"]), Has.All.EqualTo(1L));
            Assert.That(rows.Sum(r => (long)r.Metrics["packets"]!), Is.EqualTo(20 + 255 + 11 + 38 + 377 + 49 + 38 + 123 + 12));
        });
    }

    [Test]
    public void Timestamps_BeforeTheIntervalStart_AreStampedWithIt()
    {
        using var index = Ingest(RollupSchema(), [Row("2017-12-31T23:59:00Z", ("srcIP", "a")), Row("2017-12-31T12:00:00Z", ("srcIP", "a"))]);
        Assert.That(IndexRows.Read(index).Select(r => r.ToString()),
            Is.EqualTo(new[] { "2018-01-01T00:00:00.000Z srcIP=a dstIP=null | count=2 packets=0 bytes=0" }));
    }

    [Test]
    public void NullAndMissing_AreTheSameValue()
    {
        using var index = Ingest(RollupSchema(), [
            Row(Day.StartMillis, ("srcIP", "a")),
            Row(Day.StartMillis, ("srcIP", "a"), ("dstIP", null)),
            Row(Day.StartMillis, ("srcIP", "a"), ("dstIP", new List<string?>())),
        ]);
        var dst = index.GetDimension("dstIP")!;
        using var _ = index.LockForRead();
        Assert.Multiple(() =>
        {
            Assert.That(index.RowCount, Is.EqualTo(1));
            Assert.That(dst.GetId(null), Is.Not.EqualTo(-1));
            Assert.That(dst.GetValue(dst.GetRowIds(0)[0]), Is.Null);
        });
    }

    [Test]
    public void MultiValueDimensions_AreSortedSoPermutationsRollUpTogether()
    {
        var schema = Schema([Str("tags")], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" });
        using var index = Ingest(schema, [
            Row(Day.StartMillis, ("tags", new List<string?> { "b", "a" })),
            Row(Day.StartMillis, ("tags", new[] { "a", "b" })),
            Row(Day.StartMillis, ("tags", new List<object?> { "b", "a", "c" })),
            Row(Day.StartMillis, ("tags", new List<string?> { "a" })),
            Row(Day.StartMillis, ("tags", "a")),
        ]);
        var tags = index.GetDimension("tags")!;
        Assert.Multiple(() =>
        {
            Assert.That(Lines(index), Is.EqualTo(new[]
            {
                "2018-01-01T00:00:00.000Z tags=[a,b,c] | count=1",
                "2018-01-01T00:00:00.000Z tags=[a,b] | count=2",
                "2018-01-01T00:00:00.000Z tags=a | count=2",
            }));
            Assert.That(tags.HasMultipleValues, Is.True);
            Assert.That(() => tags.ReadIds(0, new int[1]), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void TypedDimensions_StoreNumbersAndReportUnparseableValues()
    {
        var schema = Schema([new ColumnSchema("port", ColumnType.Long), new ColumnSchema("score", ColumnType.Double), new ColumnSchema("ratio", ColumnType.Float)],
            Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" });
        using var index = new IndexFactory(schema).CreateIncremental(Day);
        var results = new[]
        {
            index.Add(Row(Day.StartMillis, ("port", 80L), ("score", 1.5), ("ratio", "0.25"))),
            index.Add(Row(Day.StartMillis, ("port", "80"), ("score", "1.5"), ("ratio", 0.25))),
            index.Add(Row(Day.StartMillis, ("port", "http"), ("score", 2.5))),
            index.Add(Row(Day.StartMillis, ("port", 8080.9), ("score", null), ("ratio", new List<string?> { "1", "2" }))),
        };
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.ParseError is null), Is.EqualTo(new[] { true, true, false, false }));
            Assert.That(results[2].ParseError, Does.Contain("'port'").And.Contain("http"));
            Assert.That(results[3].ParseError, Does.Contain("'ratio'"));
            Assert.That(Lines(index), Is.EqualTo(new[]
            {
                "2018-01-01T00:00:00.000Z port=0 score=2.5 ratio=0 | count=1",
                "2018-01-01T00:00:00.000Z port=80 score=1.5 ratio=0.25 | count=2",
                "2018-01-01T00:00:00.000Z port=8080 score=0 ratio=0 | count=1",
            }));
            Assert.That(() => index.GetDimension("port")!.GetValue(0), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Schemaless_DiscoversDimensionsAsStringsInFirstSeenOrder()
    {
        var schema = Schema([], Granularity.FromName("minute"), true, new LongSumAggregatorFactory { Name = "n", FieldName = "n" });
        using var index = Ingest(schema, [
            Row(Day.StartMillis, ["b", "a"], ("b", "x"), ("a", 1L), ("n", 1L)),
            Row(Day.StartMillis, ["a", "c"], ("a", 1L), ("c", true), ("n", 2L)),
            Row(Day.StartMillis, ["b", "a"], ("b", "x"), ("a", "1"), ("n", 4L)),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(index.Dimensions, Is.EqualTo(new[] { Str("b"), Str("a"), Str("c") }));
            Assert.That(Lines(index), Is.EqualTo(new[]
            {
                "2018-01-01T00:00:00.000Z b=null a=1 c=true | n=2",
                "2018-01-01T00:00:00.000Z b=x a=1 c=null | n=5",
            }));
        });
    }

    [Test]
    public void Schemaless_StartsWithThePreviousHydrantsDimensions()
    {
        var factory = new IndexFactory(Schema([], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" }));
        using var index = factory.CreateIncremental(Day, [Str("z"), Str("y")]);
        index.Add(Row(Day.StartMillis, ["x", "y"], ("x", "1"), ("y", "2")));
        Assert.That(index.Dimensions.Select(d => d.Name), Is.EqualTo(new[] { "z", "y", "x" }));
    }

    [Test]
    public void ExplicitSchema_IgnoresOtherFields()
    {
        using var index = Ingest(RollupSchema(), [Row(Day.StartMillis, ("srcIP", "a"), ("other", "b"), ("packets", 3L))]);
        Assert.Multiple(() =>
        {
            Assert.That(index.Dimensions.Select(d => d.Name), Is.EqualTo(new[] { "srcIP", "dstIP" }));
            Assert.That(index.GetDimension("other"), Is.Null);
        });
    }

    [Test]
    public void Dictionary_AssignsIdsInFirstSeenOrder()
    {
        using var index = Ingest(RollupSchema(), [Row(Day.StartMillis, ("srcIP", "b")), Row(Day.StartMillis, ("srcIP", "a")), Row(Day.StartMillis, ("srcIP", "b"))]);
        var src = index.GetDimension("srcIP")!;
        var ids = new int[2];
        src.ReadIds(0, ids);
        Assert.Multiple(() =>
        {
            Assert.That(src.IsDictionarySorted, Is.False);
            Assert.That(src.Cardinality, Is.EqualTo(2));
            Assert.That(ids, Is.EqualTo(new[] { src.GetId("b"), src.GetId("a") }));
            Assert.That(src.GetValue(0), Is.EqualTo("b"));
            Assert.That(src.GetId("c"), Is.EqualTo(-1));
        });
    }

    [Test]
    public void EstimatedBytes_GrowsWithRows()
    {
        using var index = new IndexFactory(RollupSchema()).CreateIncremental(Day);
        var empty = index.EstimatedBytes;
        for (var i = 0; i < 50_000; i++)
        {
            index.Add(Row(Day.StartMillis, ("srcIP", $"s{i}"), ("dstIP", "d"), ("packets", 1L)));
        }

        // At least the time (8 bytes), two dimension ids (4 each) and three long metrics (8 each) per row.
        Assert.That(index.EstimatedBytes - empty, Is.GreaterThan(50_000L * (8 + 2 * 4 + 3 * 8)));
    }

    [Test]
    public void Dispose_StopsFurtherAdds()
    {
        var index = new IndexFactory(RollupSchema()).CreateIncremental(Day);
        index.Dispose();
        Assert.That(() => index.Add(Row(Day.StartMillis, ("srcIP", "a"))), Throws.TypeOf<ObjectDisposedException>());
    }
}
