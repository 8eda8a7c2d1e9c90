using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using static Realtime.Core.Tests.Index.IndexTestData;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Index;

/// <summary>
/// One contract, three kinds of index: every <see cref="IQueryableIndex"/> (in memory, persisted, merged from
/// persisted and in-memory hydrants) must read back the same rows and behave the same through the interface.
/// </summary>
[TestFixture("incremental")]
[TestFixture("persisted")]
[TestFixture("merged")]
public class QueryableIndexContractTests(string kind)
{
    private static readonly IndexSchema ContractSchema = Schema(
        [Str("page"), Str("tags"), Str("country"), new ColumnSchema("port", ColumnType.Long), new ColumnSchema("score", ColumnType.Double), new ColumnSchema("ratio", ColumnType.Float)],
        Granularity.FromName("minute"), true,
        new CountAggregatorFactory { Name = "count" },
        new LongSumAggregatorFactory { Name = "added", FieldName = "added" },
        new DoubleSumAggregatorFactory { Name = "delta", FieldName = "delta" },
        new FloatMaxAggregatorFactory { Name = "rMax", FieldName = "r" },
        new LongMinAggregatorFactory { Name = "addedMin", FieldName = "added" },
        new DoubleMaxAggregatorFactory { Name = "deltaMax", FieldName = "delta" },
        new HyperUniqueAggregatorFactory { Name = "users", FieldName = "user" });

    private readonly List<IDisposable> _opened = [];
    private string _directory = "";
    private IQueryableIndex _index = null!;

    internal static List<InputRow> Events()
    {
        var random = new Random(42);
        object?[] tagChoices = [null, new List<string?>(), new List<string?> { "x" }, new List<string?> { "y", "x" }, new List<string?> { "x", "y" }, new List<string?> { "z", "x", "y" }, "x"];
        string?[] countries = [null, "US", "DE", "FR", "Ünïcode"];
        var events = new List<InputRow>();
        for (var i = 0; i < 1500; i++)
        {
            var fields = new List<(string, object?)>
            {
                ("page", $"p{random.Next(3)}"),
                ("tags", tagChoices[random.Next(tagChoices.Length)]),
                ("added", (long)random.Next(100)),
                ("delta", random.Next(-20, 20) * 0.25),
                ("r", random.Next(8) * 0.5),
                ("user", $"u{random.Next(40)}"),
            };
            if (countries[random.Next(countries.Length)] is { } country)
            {
                fields.Add(("country", country));
            }

            if (random.Next(3) > 0)
            {
                fields.Add(("port", (long)random.Next(3) * 80));
            }

            fields.Add(("score", random.Next(2) * 1.5));
            fields.Add(("ratio", random.Next(10) == 0 ? 0.75 : 0.25));
            events.Add(Row(Day.StartMillis + random.Next(2 * 60_000), ["page", "tags", "country", "port", "score", "ratio"], fields.ToArray()));
        }

        return events;
    }

    /// <summary>The expected rows, computed from the events with LINQ rather than by an index.</summary>
    private static string[] ExpectedLines()
    {
        static object? Tags(object? raw) => raw switch
        {
            string s => s,
            List<string?> { Count: 0 } => null,
            List<string?> { Count: 1 } list => list[0],
            List<string?> list => list.Order(StringComparer.Ordinal).ToArray(),
            _ => null,
        };

        return Events()
            .Select(e => (Event: e, Key: new Dictionary<string, object?>
            {
                ["page"] = e.GetRaw("page"),
                ["tags"] = Tags(e.GetRaw("tags")),
                ["country"] = e.GetRaw("country"),
                ["port"] = (long?)e.GetRaw("port") ?? 0L,
                ["score"] = (double)e.GetRaw("score")!,
                ["ratio"] = (float)(double)e.GetRaw("ratio")!,
            }))
            .GroupBy(x => (x.Event.TimestampMillis / 60_000 * 60_000, new IndexRow(0, x.Key, new Dictionary<string, object?>()).ToString()))
            .Select(g =>
            {
                var users = new HyperLogLogCollector();
                foreach (var (e, _) in g)
                {
                    users.Add((string)e.GetRaw("user")!);
                }

                var events = g.Select(x => x.Event).ToList();
                return new IndexRow(g.Key.Item1, g.First().Key, new Dictionary<string, object?>
                {
                    ["count"] = (long)events.Count,
                    ["added"] = events.Sum(e => (long)e.GetRaw("added")!),
                    ["delta"] = events.Sum(e => (double)e.GetRaw("delta")!),
                    ["rMax"] = events.Max(e => (float)(double)e.GetRaw("r")!),
                    ["addedMin"] = events.Min(e => (long)e.GetRaw("added")!),
                    ["deltaMax"] = events.Max(e => (double)e.GetRaw("delta")!),
                    ["users"] = users,
                }).ToString();
            })
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    [OneTimeSetUp]
    public void Build()
    {
        _directory = Directory.CreateTempSubdirectory("index-contract-").FullName;
        var factory = new IndexFactory(ContractSchema);
        var events = Events();
        _index = kind switch
        {
            "incremental" => Open(Ingest(ContractSchema, events)),
            "persisted" => Open(factory.Persist(Open(Ingest(ContractSchema, events)), Path.Combine(_directory, "0"), null, CancellationToken.None)),
            _ => Open(factory.Merge(
            [
                Open(factory.Persist(Open(Ingest(ContractSchema, events.Take(500))), Path.Combine(_directory, "0"), null, CancellationToken.None)),
                Open(factory.Persist(Open(Ingest(ContractSchema, events.Skip(500).Take(500))), Path.Combine(_directory, "1"), null, CancellationToken.None)),
                Open(Ingest(ContractSchema, events.Skip(1000))),
            ], Path.Combine(_directory, "merged"), CancellationToken.None)),
        };
    }

    [OneTimeTearDown]
    public void Release()
    {
        foreach (var opened in _opened)
        {
            opened.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public void Rows_EqualTheRowsComputedFromTheEvents()
    {
        var expected = ExpectedLines();
        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Length.InRange(50, 1000), "the events roll up, but not into a handful of rows");
            Assert.That(Lines(_index), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Schema_ListsDimensionsAndMetricsInOrder()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_index.Dimensions, Is.EqualTo(ContractSchema.Dimensions));
            Assert.That(_index.Metrics, Is.EqualTo(ContractSchema.Metrics));
            Assert.That(_index.Interval, Is.EqualTo(Day));
        });
    }

    [Test]
    public void UnknownColumns_AreNull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_index.GetDimension("nope"), Is.Null);
            Assert.That(_index.GetMetric("nope"), Is.Null);
            Assert.That(_index.GetDimension("count"), Is.Null);
        });
    }

    [TestCase("page")]
    [TestCase("tags")]
    [TestCase("country")]
    public void StringColumns_IdsAndValuesAgree(string name)
    {
        using var _ = _index.LockForRead();
        var column = _index.GetDimension(name)!;
        var used = new HashSet<int>();
        for (var row = 0; row < _index.RowCount; row++)
        {
            foreach (var id in column.GetRowIds(row))
            {
                used.Add(id);
            }
        }

        Assert.Multiple(() =>
        {
            for (var id = 0; id < column.Cardinality; id++)
            {
                Assert.That(column.GetId(column.GetValue(id)), Is.EqualTo(id));
            }

            Assert.That(used.Order(), Is.EqualTo(Enumerable.Range(0, column.Cardinality)), "every dictionary entry is used by some row");
            Assert.That(column.GetId("absent"), Is.EqualTo(-1));
            Assert.That(column.Schema, Is.EqualTo(Str(name)));
        });
    }

    [TestCase("page", ExpectedResult = false)]
    [TestCase("country", ExpectedResult = false)]
    [TestCase("tags", ExpectedResult = true)]
    public bool HasMultipleValues_OnlyForListDimensions(string name) => _index.GetDimension(name)!.HasMultipleValues;

    [Test]
    public void SingleValueColumns_ReadIdsMatchesGetRowIds()
    {
        using var _ = _index.LockForRead();
        var column = _index.GetDimension("country")!;
        var ids = new int[_index.RowCount];
        column.ReadIds(0, ids);
        Assert.Multiple(() =>
        {
            Assert.That(Enumerable.Range(0, ids.Length).Select(row => column.GetRowIds(row).ToArray()), Is.EqualTo(ids.Select(id => new[] { id })));
            Assert.That(column.GetId(null), Is.GreaterThanOrEqualTo(0), "some rows have no country");
            Assert.That(() => _index.GetDimension("tags")!.ReadIds(0, new int[1]), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void BatchReads_AtAnOffset_MatchWholeReads()
    {
        using var _ = _index.LockForRead();
        var count = _index.RowCount;
        var times = new long[count];
        _index.ReadTimestamps(0, times);
        var part = new long[10];
        _index.ReadTimestamps(5, part);
        var added = new long[count];
        _index.GetMetric("added")!.ReadLongs(0, added);
        var addedPart = new double[10];
        _index.GetMetric("added")!.ReadDoubles(5, addedPart);
        var ports = new long[count];
        _index.GetDimension("port")!.ReadLongs(0, ports);
        var portPart = new double[10];
        _index.GetDimension("port")!.ReadDoubles(5, portPart);
        Assert.Multiple(() =>
        {
            Assert.That(part, Is.EqualTo(times[5..15]));
            Assert.That(addedPart, Is.EqualTo(added[5..15].Select(v => (double)v)));
            Assert.That(portPart, Is.EqualTo(ports[5..15].Select(v => (double)v)));
        });
    }

    [Test]
    public void FloatingColumns_ReadAsLongsAreTruncated()
    {
        using var _ = _index.LockForRead();
        var doubles = new double[_index.RowCount];
        var longs = new long[_index.RowCount];
        _index.GetMetric("delta")!.ReadDoubles(0, doubles);
        _index.GetMetric("delta")!.ReadLongs(0, longs);
        Assert.That(longs, Is.EqualTo(doubles.Select(d => (long)d)));
    }

    [Test]
    public void Reads_PastTheLastRow_Throw()
    {
        using var _ = _index.LockForRead();
        var count = _index.RowCount;
        Assert.Multiple(() =>
        {
            Assert.That(() => _index.ReadTimestamps(count, new long[1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => _index.GetMetric("added")!.ReadLongs(count - 1, new long[2]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => _index.GetDimension("page")!.ReadIds(-1, new int[1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => _index.GetDimension("page")!.GetRowIds(count), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => _index.GetMetric("users")!.GetComplex(count), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void ReadsOfTheWrongKind_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => _index.GetDimension("port")!.GetValue(0), Throws.InvalidOperationException);
            Assert.That(() => _index.GetDimension("score")!.GetId("1"), Throws.InvalidOperationException);
            Assert.That(() => _index.GetDimension("page")!.ReadLongs(0, new long[1]), Throws.InvalidOperationException);
            Assert.That(() => _index.GetMetric("users")!.ReadDoubles(0, new double[1]), Throws.InvalidOperationException);
            Assert.That(_index.GetMetric("count")!.GetComplex(0), Is.Null);
            Assert.That(_index.GetDimension("port")!.Cardinality, Is.EqualTo(0));
        });
    }

    [Test]
    public void Sketches_EstimateDistinctUsersPerRow()
    {
        using var _ = _index.LockForRead();
        var users = _index.GetMetric("users")!;
        var estimates = Enumerable.Range(0, _index.RowCount).Select(row => ((HyperLogLogCollector)users.GetComplex(row)!).Estimate()).ToArray();
        Assert.That(estimates, Has.All.GreaterThanOrEqualTo(1).And.All.LessThanOrEqualTo(40.5));
    }

    [Test]
    public void PersistedKinds_AreSortedWithSortedDictionariesAndInvertedIndexes()
    {
        if (kind == "incremental")
        {
            Assert.That(_index.GetDimension("page")!.IsDictionarySorted, Is.False);
            return;
        }

        var times = new long[_index.RowCount];
        _index.ReadTimestamps(0, times);
        Assert.Multiple(() =>
        {
            Assert.That(times, Is.Ordered);
            foreach (var name in new[] { "page", "tags", "country" })
            {
                var column = _index.GetDimension(name)!;
                var values = Enumerable.Range(0, column.Cardinality).Select(column.GetValue).ToArray();
                Assert.That(column.IsDictionarySorted, Is.True);
                Assert.That(values, Is.EqualTo(values.Order(StringComparer.Ordinal)), name);
                var inverted = (IInvertedIndexColumn)column;
                for (var id = 0; id < column.Cardinality; id++)
                {
                    var expected = Enumerable.Range(0, _index.RowCount).Where(row => column.GetRowIds(row).Contains(id));
                    Assert.That(inverted.GetRows(id).ToArray(), Is.EqualTo(expected), $"{name}={values[id]}");
                }
            }
        });
    }

    private T Open<T>(T index)
        where T : IDisposable
    {
        _opened.Add(index);
        return index;
    }
}
