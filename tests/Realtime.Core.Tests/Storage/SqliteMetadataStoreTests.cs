using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Time;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

public class SqliteMetadataStoreTests
{
    private TempDirectory _temp = null!;
    private readonly List<SqliteMetadataStore> _stores = [];

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown()
    {
        _stores.ForEach(s => s.Dispose());
        _stores.Clear();
        _temp.Dispose();
    }

    private string DatabasePath => _temp.Combine("meta", "nested", "metadata.db");

    private SqliteMetadataStore CreateStore(string? segmentsTable = null, string tablesBase = "druid")
    {
        var store = new SqliteMetadataStore(
            Options.Create(new MetadataStoreOptions { ConnectionString = $"Data Source={DatabasePath}", TablesBase = tablesBase, SegmentsTable = segmentsTable }),
            TimeProvider.System,
            NullLogger<SqliteMetadataStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private SqliteConnection OpenDirect()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private object? Scalar(string sql)
    {
        using var connection = OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Test]
    public async Task Publish_InsertsOnceAndNeverUpdates()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia() with { Size = 100 };

        var first = await store.PublishAsync(segment, CancellationToken.None);
        var second = await store.PublishAsync(segment with { Size = 999 }, CancellationToken.None);

        var row = await store.GetSegmentAsync(segment.Identifier, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(second, Is.False);
            Assert.That(row!.Segment.Size, Is.EqualTo(100));
            Assert.That(row.Used, Is.True);
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
        command.CommandText = """SELECT id, dataSource, start, "end", partitioned, version, used, payload FROM druid_segments""";
        using var reader = command.ExecuteReader();
        Assert.That(reader.Read(), Is.True);
        using var payload = JsonDocument.Parse(reader.GetFieldValue<byte[]>(7));
        Assert.Multiple(() =>
        {
            Assert.That(reader.GetString(0), Is.EqualTo("wikipedia_2013-08-31T00:00:00.000Z_2013-09-01T00:00:00.000Z_2013-08-31T00:00:00.000Z_3"));
            Assert.That(reader.GetString(1), Is.EqualTo("wikipedia"));
            Assert.That(reader.GetString(2), Is.EqualTo("2013-08-31T00:00:00.000Z"));
            Assert.That(reader.GetString(3), Is.EqualTo("2013-09-01T00:00:00.000Z"));
            Assert.That(reader.GetBoolean(4), Is.True);
            Assert.That(reader.GetString(5), Is.EqualTo("2013-08-31T00:00:00.000Z"));
            Assert.That(reader.GetBoolean(6), Is.True);
            Assert.That(payload.RootElement.GetProperty("identifier").GetString(), Is.EqualTo(reader.GetString(0)));
        });
    }

    [Test]
    public async Task Publish_NoneShardSpec_IsNotPartitioned()
    {
        var store = CreateStore();
        var segment = Segments.Wikipedia() with { ShardSpec = JsonDocument.Parse("""{"type":"none"}""").RootElement };

        await store.PublishAsync(segment, CancellationToken.None);

        Assert.That(Scalar("SELECT partitioned FROM druid_segments"), Is.EqualTo(0L));
    }

    [Test]
    public async Task Initialize_IsIdempotentAcrossStoresAndCreatesTheDirectory()
    {
        await CreateStore().InitializeAsync(CancellationToken.None);
        var again = CreateStore();
        await again.InitializeAsync(CancellationToken.None);
        await again.InitializeAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(DatabasePath), Is.True);
            Assert.That(Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'druid_segments'"), Is.EqualTo(1L));
            Assert.That(Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'druid_segments' AND sql IS NOT NULL"), Is.EqualTo(2L));
            Assert.That(Scalar("PRAGMA journal_mode"), Is.EqualTo("wal"));
        });
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
    public async Task TableName_FollowsBaseOrExplicitName()
    {
        await CreateStore(tablesBase: "rt").InitializeAsync(CancellationToken.None);
        await CreateStore(segmentsTable: "my_segments").InitializeAsync(CancellationToken.None);

        var tables = Scalar("SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");

        Assert.That(tables, Is.EqualTo("my_segments,rt_segments"));
    }

    [Test]
    public void TableName_NotAnIdentifier_NamesTheSetting()
    {
        Assert.That(() => CreateStore(segmentsTable: "x; DROP TABLE y"),
            Throws.ArgumentException.With.Message.Contains("Realtime:Metadata:SegmentsTable"));
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

        Scalar($"UPDATE druid_segments SET used = 0 WHERE id = '{day3.Identifier}'");

        var all = await store.GetUsedSegmentsAsync("wikipedia", CancellationToken.None);
        var overlapping = await store.GetUsedSegmentsAsync("wikipedia", Interval.Parse("2013-09-01T12:00:00Z/2013-09-05T00:00:00Z"), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(all.Select(s => s.Identifier), Is.EqualTo(new[] { day1.Identifier, day2.Identifier }));
            Assert.That(overlapping.Select(s => s.Identifier), Is.EqualTo(new[] { day2.Identifier }));
        });
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
    public async Task ConcurrentPublishers_InsertExactlyOnce()
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
        Scalar("UPDATE druid_segments SET payload = X'7B6E6F'");

        Assert.That(() => store.GetSegmentAsync(segment.Identifier, CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(segment.Identifier).And.Message.Contains("druid_segments"));
    }
}
