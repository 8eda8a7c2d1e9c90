using System.Text.Json;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using static Realtime.Core.Tests.Index.IndexTestData;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Index;

public class IndexFactoryTests
{
    private static readonly Interval TwoDays = Interval.Parse("2018-01-01/2018-01-03");
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("index-factory-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string Dir(string name) => Path.Combine(_directory, name);

    private static IndexFactory RollupFactory(bool rollup = true) => new(IncrementalIndexTests.RollupSchema(rollup));

    [Test]
    public void Persist_ThenLoad_ReadsTheSameRowsAndCommitMetadata()
    {
        var factory = RollupFactory();
        using var memory = Ingest(factory.Schema, IncrementalIndexTests.RollupRows(), TwoDays);
        var commit = JsonDocument.Parse("""{"offsets":{"0":42}}""").RootElement;
        using var persisted = factory.Persist(memory, Dir("0"), commit, CancellationToken.None);
        using var loaded = factory.Load(Dir("0"));
        Assert.Multiple(() =>
        {
            Assert.That(Lines(persisted), Is.EqualTo(Lines(memory)));
            Assert.That(Lines(loaded), Is.EqualTo(Lines(memory)));
            Assert.That(JsonElement.DeepEquals(loaded.CommitMetadata!.Value, commit), Is.True);
            Assert.That(loaded.Interval, Is.EqualTo(TwoDays));
            Assert.That(Directory.GetFiles(Dir("0")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "meta.json", "index.bin" }));
        });
    }

    [Test]
    public void Persist_WritesRowsInKeyOrder_KeepingInsertionOrderAmongEqualRows([Values] bool rollup)
    {
        var schema = Schema([Str("page"), Str("tags"), Str("country"), new ColumnSchema("port", ColumnType.Long), new ColumnSchema("score", ColumnType.Double), new ColumnSchema("ratio", ColumnType.Float)],
            Granularity.FromName("minute"), rollup, new LongSumAggregatorFactory { Name = "added", FieldName = "added" });
        var factory = new IndexFactory(schema);
        using var memory = Ingest(schema, QueryableIndexContractTests.Events());
        using var persisted = factory.Persist(memory, Dir("0"), null, CancellationToken.None);
        var expected = IndexRows.Read(memory).OrderBy(r => r, Comparer<IndexRow>.Create(CompareKeys)).Select(r => r.ToString());
        Assert.That(IndexRows.Read(persisted).Select(r => r.ToString()), Is.EqualTo(expected));
    }

    /// <summary>Druid's row order: time, then each dimension (values ordinal with null first; lists element by element, a prefix first).</summary>
    private static int CompareKeys(IndexRow x, IndexRow y)
    {
        var c = x.Timestamp.CompareTo(y.Timestamp);
        foreach (var (name, a) in x.Dimensions)
        {
            if (c != 0)
            {
                return c;
            }

            var b = y.Dimensions[name];
            c = a is null or string or string[] ? CompareValues(Values(a), Values(b)) : ((IComparable)a).CompareTo(b);
        }

        return c;

        static string?[] Values(object? value) => value switch
        {
            null => new string?[] { null },
            string text => new string?[] { text },
            _ => ((string[])value).Order(StringComparer.Ordinal).ToArray(),
        };

        static int CompareValues(string?[] a, string?[] b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }

    [Test]
    public void Persist_OfAnEmptyIndex_LoadsWithNoRows()
    {
        var factory = RollupFactory();
        using var empty = factory.CreateIncremental(TwoDays);
        using var persisted = factory.Persist(empty, Dir("0"), null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(persisted.RowCount, Is.EqualTo(0));
            Assert.That(persisted.Dimensions.Select(d => d.Name), Is.EqualTo(new[] { "srcIP", "dstIP" }));
            Assert.That(persisted.CommitMetadata, Is.Null);
        });
    }

    [Test]
    public void Persist_ReplacesAnIndexInTheDirectory()
    {
        var factory = RollupFactory();
        var rows = IncrementalIndexTests.RollupRows().ToList();
        using (var first = Ingest(factory.Schema, rows, TwoDays))
        {
            factory.Persist(first, Dir("0"), null, CancellationToken.None).Dispose();
        }

        using var second = Ingest(factory.Schema, rows.Take(2), TwoDays);
        factory.Persist(second, Dir("0"), null, CancellationToken.None).Dispose();
        using var loaded = factory.Load(Dir("0"));
        Assert.That(Lines(loaded), Is.EqualTo(Lines(second)));
    }

    [Test]
    public void Merge_EqualsIngestingEverythingIntoOneIndex()
    {
        var schema = Schema([Str("page"), Str("tags"), Str("country"), new ColumnSchema("port", ColumnType.Long)], Granularity.FromName("minute"), true,
            new CountAggregatorFactory { Name = "count" },
            new LongSumAggregatorFactory { Name = "added", FieldName = "added" },
            new DoubleMinAggregatorFactory { Name = "deltaMin", FieldName = "delta" },
            new FloatSumAggregatorFactory { Name = "r", FieldName = "r" },
            new HyperUniqueAggregatorFactory { Name = "users", FieldName = "user" });
        var factory = new IndexFactory(schema);
        var events = QueryableIndexContractTests.Events();
        using var all = Ingest(schema, events);
        var parts = Enumerable.Range(0, 4).Select(p => events.Where((_, i) => i % 4 == p)).ToArray();
        var hydrants = new List<IQueryableIndex>();
        for (var p = 0; p < 3; p++)
        {
            using var memory = Ingest(schema, parts[p]);
            hydrants.Add(factory.Persist(memory, Dir($"{p}"), null, CancellationToken.None));
        }

        hydrants.Add(Ingest(schema, parts[3]));
        using var merged = factory.Merge(hydrants, Dir("merged"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(merged.RowCount, Is.EqualTo(all.RowCount));
            Assert.That(Lines(merged), Is.EqualTo(Lines(all)));
        });
        hydrants.ForEach(h => h.Dispose());
    }

    [Test]
    public void Merge_OfMergedIndexes_RollsUpAgain()
    {
        var factory = RollupFactory();
        var rows = IncrementalIndexTests.RollupRows().ToList();
        using var a = factory.Persist(Ingest(factory.Schema, rows.Take(4), TwoDays), Dir("a"), null, CancellationToken.None);
        using var b = factory.Persist(Ingest(factory.Schema, rows.Skip(4), TwoDays), Dir("b"), null, CancellationToken.None);
        using var ab = factory.Merge([a, b], Dir("ab"), CancellationToken.None);
        using var again = factory.Merge([ab, a], Dir("again"), CancellationToken.None);
        var counts = IndexRows.Read(again).ToDictionary(r => DateTimes.Format(r.Timestamp), r => (long)r.Metrics["count"]!);
        Assert.That(counts, Is.EqualTo(new Dictionary<string, long>
        {
            ["2018-01-01T01:01:00.000Z"] = 3 + 3,
            ["2018-01-01T01:02:00.000Z"] = 2 + 1,
            ["2018-01-01T01:03:00.000Z"] = 1,
            ["2018-01-02T21:33:00.000Z"] = 2,
            ["2018-01-02T21:35:00.000Z"] = 1,
        }));
    }

    [Test]
    public void Merge_WithRollupFalse_KeepsEveryRow()
    {
        var factory = RollupFactory(rollup: false);
        var rows = IncrementalIndexTests.RollupRows().ToList();
        using var a = Ingest(factory.Schema, rows.Take(5), TwoDays);
        using var b = Ingest(factory.Schema, rows.Skip(5), TwoDays);
        using var merged = factory.Merge([a, b], Dir("merged"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(merged.RowCount, Is.EqualTo(9));
            Assert.That(Lines(merged), Is.EqualTo(Lines(a).Concat(Lines(b)).Order(StringComparer.Ordinal)));
        });
    }

    [Test]
    public void Merge_OfSchemalessHydrants_UnitesTheirDimensions()
    {
        var factory = new IndexFactory(Schema([], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" }));
        using var first = Ingest(factory.Schema, [Row(Day.StartMillis, ["a", "b"], ("a", "1"), ("b", "2"))]);
        using var second = Ingest(factory.Schema, [Row(Day.StartMillis, ["c", "a"], ("c", "3"), ("a", "1")), Row(Day.StartMillis, ["a", "b"], ("a", "1"), ("b", "2"))]);
        using var merged = factory.Merge([first, second], Dir("merged"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(merged.Dimensions.Select(d => d.Name), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(Lines(merged), Is.EqualTo(new[]
            {
                "2018-01-01T00:00:00.000Z a=1 b=2 c=null | count=2",
                "2018-01-01T00:00:00.000Z a=1 b=null c=3 | count=1",
            }));
        });
    }

    [Test]
    public void Merge_RejectsADimensionWithTwoTypes()
    {
        var factory = new IndexFactory(Schema([], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" }));
        using var strings = factory.CreateIncremental(Day, [Str("a")]);
        using var longs = new IndexFactory(Schema([new ColumnSchema("a", ColumnType.Long)], Granularity.FromName("minute"), true, new CountAggregatorFactory { Name = "count" }))
            .CreateIncremental(Day);
        Assert.That(() => factory.Merge([strings, longs], Dir("merged"), CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("'a'"));
    }

    [Test]
    public void Merge_HonoursCancellation()
    {
        var factory = RollupFactory();
        using var memory = Ingest(factory.Schema, IncrementalIndexTests.RollupRows(), TwoDays);
        Assert.Multiple(() =>
        {
            Assert.That(() => factory.Merge([memory], Dir("merged"), new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(() => factory.Load(Dir("merged")), Throws.InstanceOf<InvalidDataException>());
        });
    }

    [Test]
    public void Load_OfAnEmptyOrMissingDirectory_NamesTheMetadataFile()
    {
        Directory.CreateDirectory(Dir("empty"));
        Assert.Multiple(() =>
        {
            Assert.That(() => RollupFactory().Load(Dir("empty")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("meta.json"));
            Assert.That(() => RollupFactory().Load(Dir("missing")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("meta.json"));
        });
    }

    [Test]
    public void Load_OfAnInterruptedPersist_Fails()
    {
        var path = PersistRollup();

        // A crash before the metadata was renamed into place leaves the data file and a temporary metadata file.
        File.Move(Path.Combine(path, "meta.json"), Path.Combine(path, "meta.json.tmp"));
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("meta.json"));
    }

    [Test]
    public void Load_OfATruncatedDataFile_NamesIt()
    {
        var path = PersistRollup();
        var data = Path.Combine(path, "index.bin");
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..^8]);
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("index.bin"));
    }

    [Test]
    public void Load_OfACorruptDataFile_NamesIt([Values(8, 100, -1)] int position)
    {
        var path = PersistRollup();
        var data = Path.Combine(path, "index.bin");
        var bytes = File.ReadAllBytes(data);
        bytes[position < 0 ? bytes.Length + position : position] ^= 0x40;
        File.WriteAllBytes(data, bytes);
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("index.bin").And.Message.Contains("corrupt"));
    }

    [Test]
    public void Load_OfCorruptMetadata_NamesIt()
    {
        var path = PersistRollup();
        var meta = Path.Combine(path, "meta.json");
        File.WriteAllText(meta, File.ReadAllText(meta)[..40]);
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("meta.json"));
    }

    [Test]
    public void Load_OfAnotherFormatVersion_NamesTheMetadataFile()
    {
        var path = PersistRollup();
        var meta = Path.Combine(path, "meta.json");
        File.WriteAllText(meta, File.ReadAllText(meta).Replace("\"formatVersion\": 1", "\"formatVersion\": 7"));
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("meta.json").And.Message.Contains("7"));
    }

    [Test]
    public void Load_WithSectionsOutsideTheFile_NamesTheDataFile()
    {
        var path = PersistRollup();
        var meta = Path.Combine(path, "meta.json");
        var json = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(meta));
        var text = File.ReadAllText(meta);
        var offset = json.GetProperty("timestamps").GetProperty("offset").GetInt64();
        File.WriteAllText(meta, text.Replace($"\"offset\": {offset},", "\"offset\": 1048576,"));
        Assert.That(() => RollupFactory().Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("index.bin"));
    }

    [Test]
    public void PersistedIndex_AfterDispose_RefusesReads()
    {
        var index = RollupFactory().Load(PersistRollup());
        var column = index.GetMetric("packets")!;
        index.Dispose();
        Assert.That(() => column.ReadLongs(0, new long[1]), Throws.InstanceOf<ObjectDisposedException>());
    }

    private string PersistRollup()
    {
        var factory = RollupFactory();
        using var memory = Ingest(factory.Schema, IncrementalIndexTests.RollupRows(), TwoDays);
        factory.Persist(memory, Dir("0"), null, CancellationToken.None).Dispose();
        return Dir("0");
    }
}
