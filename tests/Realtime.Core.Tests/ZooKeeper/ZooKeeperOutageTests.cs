using Microsoft.Extensions.Logging;
using Realtime.Core.Tests.Plugins;
using Realtime.Core.ZooKeeper;
using Realtime.Testing;
using static Realtime.Core.Tests.ZooKeeper.ZooKeeperTestKit;

namespace Realtime.Core.Tests.ZooKeeper;

/// <summary>The ZooKeeper client through lost connections, an expired session and a server that starts late, each test with a server of its own.</summary>
public class ZooKeeperOutageTests
{
    private ZooKeeperServer _server = null!;
    private readonly List<ZooKeeperClient> _clients = [];

    [SetUp]
    public async Task StartServer() => _server = await ZooKeeperServer.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task ASessionSurvivesAServerRestartWithItsEphemeralZNodesAndWatches()
    {
        var log = new RecordingLogger<ZooKeeperClient>();
        var client = await ConnectedAsync(log);
        var sessionId = client.SessionId;
        await client.CreateAsync("/service/member", Bytes("me"), ZNodeMode.Ephemeral, Timeout());
        await client.CreateAsync("/config", Bytes("v1"), ZNodeMode.Persistent, Timeout());
        var watch = new WatchRecorder();
        await client.GetDataAsync("/config", watch.Watcher, Timeout());
        var states = new StateRecorder(client);

        await _server.StopAsync();
        await states.WaitForAsync(ZooKeeperState.Disconnected);
        var waiting = client.GetDataAsync("/service/member", null, Timeout());
        await _server.RestartAsync();

        await states.WaitForAsync(ZooKeeperState.Disconnected, ZooKeeperState.Connected);
        Assert.That(await waiting, Is.EqualTo(Bytes("me")), "an operation waiting for the connection completes after it");
        Assert.That(client.SessionId, Is.EqualTo(sessionId));
        var other = await ConnectedAsync(new RecordingLogger<ZooKeeperClient>());
        Assert.That(await other.ExistsAsync("/service/member", null, Timeout()), Is.True);
        Assert.That(watch.Events, Is.Empty);

        await other.SetDataAsync("/config", Bytes("v2"), Timeout());

        await watch.WaitForAsync(1);
        Assert.That(watch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeDataChanged, "/config") }));
        Assert.That(log.Messages(), Has.Some.Contains($"Lost the connection to ZooKeeper at {_server.ConnectString}"));
    }

    [Test]
    public async Task AnExpiredSessionFiresWatchersLosesEphemeralsAndIsReplaced()
    {
        var log = new RecordingLogger<ZooKeeperClient>();
        var client = await ConnectedAsync(log, TimeSpan.FromSeconds(4));
        var oldSession = client.SessionId;
        await client.CreateAsync("/members/me", Bytes("me"), ZNodeMode.Ephemeral, Timeout());
        await client.CreateAsync("/config", Bytes("v1"), ZNodeMode.Persistent, Timeout());
        var dataWatch = new WatchRecorder();
        var childrenWatch = new WatchRecorder();
        var existsWatch = new WatchRecorder();
        await client.GetDataAsync("/config", dataWatch.Watcher, Timeout());
        await client.GetChildrenAsync("/members", childrenWatch.Watcher, Timeout());
        await client.ExistsAsync("/later", existsWatch.Watcher, Timeout());
        var states = new StateRecorder(client);

        await CloseSessionFromElsewhereAsync(client);

        await states.WaitForAsync(ZooKeeperState.Disconnected, ZooKeeperState.Expired, ZooKeeperState.Connected);
        await dataWatch.WaitForAsync(1);
        await childrenWatch.WaitForAsync(1);
        await existsWatch.WaitForAsync(1);
        Assert.That(dataWatch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.SessionExpired, "/config") }));
        Assert.That(childrenWatch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.SessionExpired, "/members") }));
        Assert.That(existsWatch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.SessionExpired, "/later") }));
        Assert.That(client.SessionId, Is.Not.EqualTo(oldSession).And.Not.Zero);
        Assert.That(await client.ExistsAsync("/members/me", null, Timeout()), Is.False);
        Assert.That(log.Messages(), Has.Some.Contains($"ZooKeeper session 0x{oldSession:x} expired"));

        await client.CreateAsync("/members/me", Bytes("again"), ZNodeMode.Ephemeral, Timeout());
        Assert.That(await client.GetDataAsync("/members/me", null, Timeout()), Is.EqualTo(Bytes("again")));
    }

    [Test]
    public async Task AClientStartedBeforeItsServerConnectsWhenTheServerComesUp()
    {
        await _server.StopAsync();
        var log = new RecordingLogger<ZooKeeperClient>();
        var client = Connect(_server.ConnectString, log);
        _clients.Add(client);
        var creating = client.CreateAsync("/early/bird", Bytes("worm"), ZNodeMode.Persistent, Timeout());

        var cannotReach = $"Cannot reach ZooKeeper at {_server.ConnectString}: Connection refused; retrying in";
        await WaitUntilAsync(() => log.Messages().Any(m => m.StartsWith(cannotReach, StringComparison.Ordinal)), "a warning that the server cannot be reached");
        Assert.That(client.State, Is.EqualTo(ZooKeeperState.Connecting));
        Assert.That(creating.IsCompleted, Is.False);
        await _server.RestartAsync();

        await creating.WaitAsync(Patience);
        Assert.That(client.State, Is.EqualTo(ZooKeeperState.Connected));
        Assert.That(await client.GetDataAsync("/early/bird", null, Timeout()), Is.EqualTo(Bytes("worm")));
        lock (log.Entries)
        {
            Assert.That(log.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
                e => e.Level == LogLevel.Information && e.Message.Contains($"Connected to ZooKeeper at {_server.ConnectString}, session 0x{client.SessionId:x}")));
        }
    }

    private async Task<ZooKeeperClient> ConnectedAsync(RecordingLogger<ZooKeeperClient> log, TimeSpan? sessionTimeout = null)
    {
        var client = Connect(_server.ConnectString, log, sessionTimeout);
        _clients.Add(client);
        await client.WaitConnectedAsync(Timeout());
        return client;
    }

    /// <summary>Expires <paramref name="client"/>'s session the standard way: another connection attaches to the session and closes it.</summary>
    private async Task CloseSessionFromElsewhereAsync(ZooKeeperClient client)
    {
        await using var thief = ZooKeeperClient.AttachToSession(
            _server.ConnectString, TimeSpan.FromSeconds(4), client.SessionId, client.SessionPassword, new RecordingLogger<ZooKeeperClient>());
        await thief.WaitConnectedAsync(Timeout());
        Assert.That(thief.SessionId, Is.EqualTo(client.SessionId));
    }
}
