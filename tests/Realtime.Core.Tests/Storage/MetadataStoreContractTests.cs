using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

/// <summary>
/// What every built-in metadata store does, run against each: Druid's table and indexes, insert-if-absent publishing,
/// the queries, marking segments used or unused, and the payload's round trip.
/// </summary>
public abstract partial class MetadataStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<SqlMetadataStore> _stores = [];

    /// <summary>The clock of the stores a test creates.</summary>
    protected FakeTimeProvider Clock { get; private set; } = null!;

    /// <summary>The connection string of the database a test uses.</summary>
    protected abstract string ConnectionString { get; }

    /// <summary>The dialect's payload column type, for tables made by hand.</summary>
    protected abstract string PayloadType { get; }

    /// <summary>A query of the table names in the database, one column.</summary>
    protected abstract string TableNamesQuery { get; }

    /// <summary>A query of the index names of the table named by <c>@table</c>, one column.</summary>
    protected abstract string IndexNamesQuery { get; }

    [SetUp]
    public void CreateClock() => Clock = new FakeTimeProvider(Now);

    [TearDown]
    public void DisposeStores()
    {
        _stores.ForEach(s => s.Dispose());
        _stores.Clear();
    }

    /// <summary>A store of the kind under test on the test's database.</summary>
    protected SqlMetadataStore CreateStore(string? segmentsTable = null, string tablesBase = "druid")
    {
        var store = NewStore(Options.Create(new MetadataStoreOptions { ConnectionString = ConnectionString, TablesBase = tablesBase, SegmentsTable = segmentsTable }));
        _stores.Add(store);
        return store;
    }

    /// <summary>Creates a store of the kind under test.</summary>
    protected abstract SqlMetadataStore NewStore(IOptions<MetadataStoreOptions> options);

    /// <summary>An open connection to the test's database, apart from any store's.</summary>
    protected abstract DbConnection OpenDirect();

    protected object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenDirect();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    protected List<string> Strings(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenDirect();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    [Test]
    public async Task Initialize_CreatesDruidsTableAndIndexes()
    {
        await CreateStore().InitializeAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Strings(TableNamesQuery), Does.Contain("druid_segments"));
            Assert.That(Strings(IndexNamesQuery, ("table", "druid_segments")),
                Is.SupersetOf(new[] { "idx_druid_segments_used", "idx_druid_segments_datasource_used_end_start" }));
            Assert.That(Scalar("SELECT COUNT(used_status_last_updated) FROM druid_segments"), Is.EqualTo(0L));
        });
    }

    [Test]
    public async Task Initialize_IsIdempotentAcrossStores()
    {
        await CreateStore().InitializeAsync(CancellationToken.None);
        var again = CreateStore();
        await again.InitializeAsync(CancellationToken.None);
        await again.InitializeAsync(CancellationToken.None);

        Assert.That(Strings(TableNamesQuery).Count(t => t == "druid_segments"), Is.EqualTo(1));
    }

    [Test]
    public async Task Initialize_KeepsRowsOfAnExistingTable()
    {
        await CreateStore().PublishAsync(Segments.Wikipedia(), CancellationToken.None);

        var reopened = CreateStore();
        var used = await reopened.GetUsedSegmentsAsync("wikipedia", CancellationToken.None);

        Assert.That(used.Select(s => s.Identifier), Is.EqualTo(new[] { Segments.Wikipedia().Identifier }));
    }

    [Test]
    public async Task Initialize_AddsUsedStatusLastUpdatedToATableFromBeforeDruid28()
    {
        Scalar($"""
            CREATE TABLE druid_segments (id VARCHAR(255) NOT NULL, dataSource VARCHAR(255) NOT NULL, created_date VARCHAR(255) NOT NULL,
              start VARCHAR(255) NOT NULL, "end" VARCHAR(255) NOT NULL, partitioned BOOLEAN NOT NULL, version VARCHAR(255) NOT NULL,
              used BOOLEAN NOT NULL, payload {PayloadType} NOT NULL, PRIMARY KEY (id))
            """);
        var store = CreateStore();
        var segment = Segments.Wikipedia();

        await store.PublishAsync(segment, CancellationToken.None);

        Assert.That(Scalar("SELECT used_status_last_updated FROM druid_segments"), Is.EqualTo("2024-05-01T12:00:00.000Z"));
    }

    [Test]
    public async Task TableName_FollowsBaseOrExplicitName()
    {
        await CreateStore(tablesBase: "rt").InitializeAsync(CancellationToken.None);
        await CreateStore(segmentsTable: "my_segments").InitializeAsync(CancellationToken.None);

        Assert.That(Strings(TableNamesQuery), Is.SupersetOf(new[] { "my_segments", "rt_segments" }));
    }

    [Test]
    public void TableName_NotAnIdentifier_NamesTheSetting()
    {
        Assert.That(() => CreateStore(segmentsTable: "x; DROP TABLE y"),
            Throws.ArgumentException.With.Message.Contains("Realtime:Metadata:SegmentsTable"));
    }

    [Test]
    public async Task Publish_InsertsOnceAndKeepsTheFirstRow()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia() with { Size = 100 };

        var first = await store.PublishAsync(segment, CancellationToken.None);
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await store.PublishAsync(segment with { Size = 999 }, CancellationToken.None);

        var row = await store.GetSegmentAsync(segment.Identifier, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False);
            Assert.That(row!.Segment.Size, Is.EqualTo(100));
            Assert.That(row.Used, Is.True);
            Assert.That(row.CreatedDate, Is.EqualTo(Now));
            Assert.That(Scalar("SELECT COUNT(*) FROM druid_segments"), Is.EqualTo(1L));
        });
    }

    [Test]
    public async Task Publish_WritesDruidColumns()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia(partitionNum: 3);

        await store.PublishAsync(segment, CancellationToken.None);

        using var connection = OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT id, dataSource, created_date, start, "end", partitioned, version, used, payload, used_status_last_updated FROM druid_segments""";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        using var payload = JsonDocument.Parse(reader.GetFieldValue<byte[]>(8));
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetString(0), Is.EqualTo("wikipedia_2013-08-31T00:00:00.000Z_2013-09-01T00:00:00.000Z_2013-08-31T00:00:00.000Z_3"));
            Assert.That(reader.GetString(1), Is.EqualTo("wikipedia"));
            Assert.That(reader.GetString(2), Is.EqualTo("2024-05-01T12:00:00.000Z"));
            Assert.That(reader.GetString(3), Is.EqualTo("2013-08-31T00:00:00.000Z"));
            Assert.That(reader.GetString(4), Is.EqualTo("2013-09-01T00:00:00.000Z"));
            Assert.That(reader.GetBoolean(5), Is.True);
            Assert.That(reader.GetString(6), Is.EqualTo("2013-08-31T00:00:00.000Z"));
            Assert.That(reader.GetBoolean(7), Is.True);
            Assert.That(payload.RootElement.GetProperty("identifier").GetString(), Is.EqualTo(reader.GetString(0)));
            Assert.That(reader.GetString(9), Is.EqualTo("2024-05-01T12:00:00.000Z"));
        });
    }

    [Test]
    public async Task Publish_NoneShardSpec_IsNotPartitioned()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia() with { ShardSpec = JsonDocument.Parse("""{"type":"none"}""").RootElement };

        await store.PublishAsync(segment, CancellationToken.None);

        using var connection = OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT partitioned FROM druid_segments";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read() && !reader.GetBoolean(0), Is.True);
    }

    [Test]
    public async Task Payload_RoundTripsEveryField()
    {
        var store = CreateStore();
        var segment = new DataSegment
        {
            DataSource = "wikipedia",
            Interval = "2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z",
            Version = "2013-08-31T01:02:03.456Z",
            LoadSpec = JsonDocument.Parse("""{"type":"local","path":"/srv/deep/wikipedia/0/index.zip"}""").RootElement,
            Dimensions = "page,language,user",
            Metrics = "count,added,deleted",
            ShardSpec = JsonDocument.Parse("""{"type":"linear","partitionNum":7}""").RootElement,
            BinaryVersion = 9,
            Size = 123_456_789_012,
            PartitionNum = 7,
        };

        await store.PublishAsync(segment, CancellationToken.None);
        var read = (await store.GetSegmentAsync(segment.Identifier, CancellationToken.None))!.Segment;

        Assert.Multiple(() =>
        {
            Assert.That(read.DataSource, Is.EqualTo(segment.DataSource));
            Assert.That(read.Interval, Is.EqualTo(segment.Interval));
            Assert.That(read.Version, Is.EqualTo(segment.Version));
            Assert.That(read.LoadSpec?.GetRawText(), Is.EqualTo(segment.LoadSpec?.GetRawText()));
            Assert.That(read.Dimensions, Is.EqualTo(segment.Dimensions));
            Assert.That(read.Metrics, Is.EqualTo(segment.Metrics));
            Assert.That(read.ShardSpec?.GetRawText(), Is.EqualTo(segment.ShardSpec?.GetRawText()));
            Assert.That(read.BinaryVersion, Is.EqualTo(segment.BinaryVersion));
            Assert.That(read.Size, Is.EqualTo(segment.Size));
            Assert.That(read.PartitionNum, Is.EqualTo(segment.PartitionNum));
            Assert.That(read.Identifier, Is.EqualTo(segment.Identifier));
        });
    }

    [Test]
    public async Task GetUsedSegments_FiltersByDataSourceUsedAndInterval()
    {
        var store = CreateStore();
        var day1 = Segments.Wikipedia("2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z");
        var day2 = Segments.Wikipedia("2013-09-01T00:00:00.000Z/2013-09-02T00:00:00.000Z");
        var day3 = Segments.Wikipedia("2013-09-02T00:00:00.000Z/2013-09-03T00:00:00.000Z");
        var other = Segments.Wikipedia(dataSource: "twitter");
        foreach (var segment in new[] { day3, day1, day2, other })
        {
            await store.PublishAsync(segment, CancellationToken.None);
        }

        await store.MarkUnusedAsync(day3.Identifier, CancellationToken.None);

        var all = await store.GetUsedSegmentsAsync("wikipedia", CancellationToken.None);
        var overlapping = await store.GetUsedSegmentsAsync("wikipedia", Interval.Parse("2013-09-01T12:00:00Z/2013-09-05T00:00:00Z"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(s => s.Identifier), Is.EqualTo(new[] { day1.Identifier, day2.Identifier }));
            Assert.That(overlapping.Select(s => s.Identifier), Is.EqualTo(new[] { day2.Identifier }));
        });
    }

    [Test]
    public async Task GetAllUsedSegments_EveryDataSourceInOrder()
    {
        var store = CreateStore();
        var twitter = Segments.Wikipedia(dataSource: "twitter");
        var wikiLate = Segments.Wikipedia("2013-09-01T00:00:00.000Z/2013-09-02T00:00:00.000Z");
        var wikiEarlyV2 = Segments.Wikipedia(version: "v2");
        var wikiEarlyV1P1 = Segments.Wikipedia(version: "v1", partitionNum: 1);
        var wikiEarlyV1P0 = Segments.Wikipedia(version: "v1");
        var unused = Segments.Wikipedia(dataSource: "archive");
        foreach (var segment in new[] { wikiLate, twitter, wikiEarlyV2, unused, wikiEarlyV1P1, wikiEarlyV1P0 })
        {
            await store.PublishAsync(segment, CancellationToken.None);
        }

        await store.MarkUnusedAsync(unused.Identifier, CancellationToken.None);

        var all = await store.GetAllUsedSegmentsAsync(CancellationToken.None);

        Assert.That(all.Select(s => s.Identifier), Is.EqualTo(new[]
        {
            twitter.Identifier, wikiEarlyV1P0.Identifier, wikiEarlyV1P1.Identifier, wikiEarlyV2.Identifier, wikiLate.Identifier,
        }));
    }

    [Test]
    public async Task GetSegment_UnknownId_IsNull()
    {
        var store = CreateStore();

        Assert.That(await store.GetSegmentAsync("nothing_here", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task GetSegment_ReadsPartitionFromPayload()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia(partitionNum: 4);
        await store.PublishAsync(segment, CancellationToken.None);

        var row = await store.GetSegmentAsync(segment.Identifier, CancellationToken.None);

        Assert.That(row!.Segment.Id, Is.EqualTo(segment.Id));
    }

    [Test]
    public async Task MarkUnusedAndUsed_ChangeTheFlagOnceAndRecordWhen()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia();
        await store.PublishAsync(segment, CancellationToken.None);

        Clock.Advance(TimeSpan.FromMinutes(5));
        var unused = await store.MarkUnusedAsync(segment.Identifier, CancellationToken.None);
        var unusedAgain = await store.MarkUnusedAsync(segment.Identifier, CancellationToken.None);
        var afterUnused = await store.GetSegmentAsync(segment.Identifier, CancellationToken.None);
        var updatedWhenUnused = Scalar("SELECT used_status_last_updated FROM druid_segments");

        Clock.Advance(TimeSpan.FromMinutes(5));
        var used = await store.MarkUsedAsync(segment.Identifier, CancellationToken.None);
        var usedAgain = await store.MarkUsedAsync(segment.Identifier, CancellationToken.None);
        var afterUsed = await store.GetSegmentAsync(segment.Identifier, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((unused, unusedAgain, afterUnused!.Used), Is.EqualTo((true, false, false)));
            Assert.That(updatedWhenUnused, Is.EqualTo("2024-05-01T12:05:00.000Z"));
            Assert.That((used, usedAgain, afterUsed!.Used), Is.EqualTo((true, false, true)));
            Assert.That(Scalar("SELECT used_status_last_updated FROM druid_segments"), Is.EqualTo("2024-05-01T12:10:00.000Z"));
        });
    }

    [Test]
    public async Task MarkUnusedAndUsed_UnknownId_IsFalse()
    {
        var store = CreateStore();

        Assert.Multiple(async () =>
        {
            Assert.That(await store.MarkUnusedAsync("nothing_here", CancellationToken.None), Is.False);
            Assert.That(await store.MarkUsedAsync("nothing_here", CancellationToken.None), Is.False);
        });
    }

    [Test]
    public async Task ConcurrentPublishersOfTheSameId_InsertExactlyOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var segment = Segments.Wikipedia();

        var results = await Task.WhenAll(
            from store in stores
            from attempt in Enumerable.Range(0, 8)
            select Task.Run(() => store.PublishAsync(segment, CancellationToken.None)));

        Assert.Multiple(() =>
        {
            Assert.That(results.Count(inserted => inserted), Is.EqualTo(1));
            Assert.That(Scalar("SELECT COUNT(*) FROM druid_segments"), Is.EqualTo(1L));
        });
    }

    [Test]
    public async Task ConcurrentPublishers_InsertEachSegmentOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();
        var segments = Enumerable.Range(0, 10).Select(hour => Segments.Wikipedia($"2013-08-31T{hour:00}:00:00.000Z/2013-08-31T{hour + 1:00}:00:00.000Z")).ToArray();

        var results = await Task.WhenAll(
            from store in stores
            from segment in segments
            select Task.Run(() => store.PublishAsync(segment, CancellationToken.None)));

        Assert.Multiple(() =>
        {
            Assert.That(results.Count(inserted => inserted), Is.EqualTo(segments.Length));
            Assert.That(Scalar("SELECT COUNT(*) FROM druid_segments"), Is.EqualTo((long)segments.Length));
        });
    }

    [Test]
    public async Task CorruptPayload_NamesSegmentAndTable()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia();
        await store.PublishAsync(segment, CancellationToken.None);
        Scalar("UPDATE druid_segments SET payload = @payload", ("payload", "{no"u8.ToArray()));

        Assert.That(() => store.GetSegmentAsync(segment.Identifier, CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(segment.Identifier).And.Message.Contains("druid_segments"));
    }
}
