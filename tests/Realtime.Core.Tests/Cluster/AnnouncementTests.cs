using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Storage;
using Realtime.Core.Tests.Plugins;
using Realtime.Core.Tests.ZooKeeper;
using Realtime.Core.ZooKeeper;
using Realtime.Testing;

namespace Realtime.Core.Tests.Cluster;

/// <summary>The node's announcements and the cluster's view of them, against a real ZooKeeper server.</summary>
[NonParallelizable]
public sealed class AnnouncementTests
{
    private static readonly ServerIdentity Self = new("127.0.0.1", 8083, NodeRoles.Historical, "_default_tier", 0, 0);

    private ZooKeeperServer _server = null!;
    private ServiceProvider _services = null!;
    private readonly List<IAsyncDisposable> _disposables = [];
    private ZPaths _paths = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await ZooKeeperServer.StartAsync();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [SetUp]
    public void NewBase() => _paths = ZPaths.Under(ZooKeeperTestKit.UniqueRoot());

    [TearDown]
    public async Task DisposeClients()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _disposables.Clear();
    }

    [Test]
    public async Task SegmentsAreAnnouncedInBatchesThatTheServerViewReads()
    {
        var (_, announcer) = Connect();
        var segments = new BatchSegmentAnnouncer(announcer, Self, _paths, new ZooKeeperOptions { SegmentsPerNode = 2 }, TimeProvider.System, NullLogger<BatchSegmentAnnouncer>.Instance);
        announcer.Announce(_paths.AnnouncementOf(Self.Name), ZNodePayload.Encode(ServerAnnouncements.ServerMetadata(Self), compress: true));
        var hours = Enumerable.Range(0, 5).Select(Hour).ToList();
        hours.ForEach(segments.Announce);

        var observer = Track(ZooKeeperTestKit.Connect(_server.ConnectString, new RecordingLogger<ZooKeeperClient>()));
        var view = Track(new ServerInventoryView(observer, _paths, NullLogger<ServerInventoryView>.Instance));
        view.Start();
        await ZooKeeperTestKit.WaitUntilAsync(() => SegmentsIn(view).Count == 5, "the view to show five segments");
        var batches = await observer.GetChildrenAsync(_paths.SegmentsOf(Self.Name), null, ZooKeeperTestKit.Timeout());
        var firstBatch = await observer.GetDataAsync($"{_paths.SegmentsOf(Self.Name)}/{batches![0]}", null, ZooKeeperTestKit.Timeout());
        Assert.Multiple(() =>
        {
            Assert.That(batches, Has.Count.EqualTo(3), "five segments, two per batch");
            Assert.That(firstBatch![0..2], Is.EqualTo(new byte[] { 0x1f, 0x8b }), "batches are gzipped by default");
            Assert.That(JsonDocument.Parse(ZNodePayload.Decode(firstBatch)).RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That(SegmentsIn(view), Is.EquivalentTo(hours.Select(h => h.Identifier)));
            Assert.That(view.Servers.Single().Server.Type, Is.EqualTo(NodeRoles.Historical));
        });

        segments.Unannounce(hours[0]);
        segments.Unannounce(hours[1]);
        await ZooKeeperTestKit.WaitUntilAsync(() => SegmentsIn(view).Count == 3, "the view to drop two segments");
        Assert.That(SegmentsIn(view), Is.EquivalentTo(hours.Skip(2).Select(h => h.Identifier)));
    }

    [Test]
    public async Task EveryAnnouncementIsRecreatedAfterTheSessionExpires()
    {
        var (client, announcer) = Connect();
        var segments = new BatchSegmentAnnouncer(announcer, Self, _paths, new ZooKeeperOptions(), TimeProvider.System, NullLogger<BatchSegmentAnnouncer>.Instance);
        announcer.Announce(_paths.AnnouncementOf(Self.Name), ServerAnnouncements.ServerMetadata(Self));
        segments.Announce(Hour(0));
        await client.WaitConnectedAsync(ZooKeeperTestKit.Timeout());
        var observer = Track(ZooKeeperTestKit.Connect(_server.ConnectString, new RecordingLogger<ZooKeeperClient>()));
        await ZooKeeperTestKit.WaitUntilAsync(() => Exists(observer, _paths.AnnouncementOf(Self.Name)), "the server announcement");
        var states = new List<ZooKeeperState>();
        client.StateChanged += state =>
        {
            lock (states)
            {
                states.Add(state);
            }
        };

        await using (var thief = ZooKeeperClient.AttachToSession(_server.ConnectString, TimeSpan.FromSeconds(10), client.SessionId, client.SessionPassword, NullLogger<ZooKeeperClient>.Instance))
        {
            await thief.WaitConnectedAsync(ZooKeeperTestKit.Timeout());
        }

        await ZooKeeperTestKit.WaitUntilAsync(() => { lock (states) { return states.Contains(ZooKeeperState.Expired); } }, "the session to expire");
        await ZooKeeperTestKit.WaitUntilAsync(
            () => Exists(observer, _paths.AnnouncementOf(Self.Name)) && Children(observer, _paths.SegmentsOf(Self.Name)) == 1,
            "the announcements to come back with the new session");
        var data = await observer.GetDataAsync(_paths.AnnouncementOf(Self.Name), null, ZooKeeperTestKit.Timeout());
        Assert.That(ServerAnnouncements.ReadServerMetadata(data!).Name, Is.EqualTo(Self.Name));
    }

    [Test]
    public async Task AnnouncementsMadeWhileZooKeeperIsDownAreWrittenWhenItComesUp()
    {
        await _server.StopAsync();
        try
        {
            var (client, announcer) = Connect();
            announcer.Announce(_paths.AnnouncementOf(Self.Name), ServerAnnouncements.ServerMetadata(Self));
            Assert.That(client.State, Is.Not.EqualTo(ZooKeeperState.Connected));
        }
        finally
        {
            await _server.RestartAsync();
        }

        var observer = Track(ZooKeeperTestKit.Connect(_server.ConnectString, new RecordingLogger<ZooKeeperClient>()));
        await ZooKeeperTestKit.WaitUntilAsync(() => Exists(observer, _paths.AnnouncementOf(Self.Name)), "the announcement once ZooKeeper is up");
    }

    private (ZooKeeperClient Client, Announcer Announcer) Connect()
    {
        var client = Track(ZooKeeperTestKit.Connect(_server.ConnectString, new RecordingLogger<ZooKeeperClient>()));
        var announcer = Track(new Announcer(client, _services.GetRequiredService<IMeterFactory>(), NullLogger<Announcer>.Instance));
        return (client, announcer);
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static bool Exists(ZooKeeperClient client, string path) => client.ExistsAsync(path, null, ZooKeeperTestKit.Timeout()).GetAwaiter().GetResult();

    private static int Children(ZooKeeperClient client, string path) => client.GetChildrenAsync(path, null, ZooKeeperTestKit.Timeout()).GetAwaiter().GetResult()?.Count ?? 0;

    private static List<string> SegmentsIn(ServerInventoryView view) => [.. view.Servers.SelectMany(s => s.Segments).Select(s => s.Identifier)];

    private static DataSegment Hour(int hour) => DataSegmentJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(new
    {
        dataSource = "edits",
        interval = $"2026-11-30T{hour:00}:00:00.000Z/2026-11-30T{hour + 1:00}:00:00.000Z",
        version = "2026-11-30T00:00:00.000Z",
        loadSpec = new { type = "local", path = $"/deep/{hour}/index.zip" },
        dimensions = "page",
        metrics = "count,added",
        shardSpec = new { type = "linear", partitionNum = 0 },
        binaryVersion = 9,
        size = 1000 + hour,
    }));
}
