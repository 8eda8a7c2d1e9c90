using Realtime.Core.Tests.Plugins;
using Realtime.Core.ZooKeeper;
using Realtime.Testing;
using static Realtime.Core.Tests.ZooKeeper.ZooKeeperTestKit;

namespace Realtime.Core.Tests.ZooKeeper;

/// <summary>The ZooKeeper client's operations and watches against one real server shared by the tests.</summary>
public class ZooKeeperClientTests
{
    private ZooKeeperServer _server = null!;
    private readonly List<ZooKeeperClient> _clients = [];
    private string _root = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await ZooKeeperServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public void SetUp() => _root = UniqueRoot();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _clients.Clear();
    }

    [Test]
    public async Task ZNodesRoundTrip()
    {
        var client = await ConnectedAsync();
        var path = $"{_root}/a";
        await client.CreateAsync(_root, Bytes("root"), ZNodeMode.Persistent, Timeout());
        await client.CreateAsync(path, Bytes("one"), ZNodeMode.Persistent, Timeout());

        Assert.That(await client.ExistsAsync(path, null, Timeout()), Is.True);
        Assert.That(await client.GetDataAsync(path, null, Timeout()), Is.EqualTo(Bytes("one")));
        Assert.That(await client.SetDataAsync(path, Bytes("two"), Timeout()), Is.True);
        Assert.That(await client.GetDataAsync(path, null, Timeout()), Is.EqualTo(Bytes("two")));

        await client.CreateAsync($"{_root}/b", ReadOnlyMemory<byte>.Empty, ZNodeMode.Persistent, Timeout());
        Assert.That(await client.GetDataAsync($"{_root}/b", null, Timeout()), Is.Empty);
        Assert.That(await client.GetChildrenAsync(_root, null, Timeout()), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(await client.GetChildrenAsync(path, null, Timeout()), Is.Empty);

        Assert.That(await client.DeleteAsync(path, Timeout()), Is.True);
        Assert.That(await client.ExistsAsync(path, null, Timeout()), Is.False);
        Assert.That(await client.GetChildrenAsync(_root, null, Timeout()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task MissingZNodesReadAsNullOrFalse()
    {
        var client = await ConnectedAsync();
        var missing = $"{_root}/missing";

        Assert.That(await client.GetDataAsync(missing, null, Timeout()), Is.Null);
        Assert.That(await client.GetChildrenAsync(missing, null, Timeout()), Is.Null);
        Assert.That(await client.ExistsAsync(missing, null, Timeout()), Is.False);
        Assert.That(await client.SetDataAsync(missing, Bytes("x"), Timeout()), Is.False);
        Assert.That(await client.DeleteAsync(missing, Timeout()), Is.False);
        Assert.That(await client.ExistsAsync(missing, null, Timeout()), Is.False, "setData must not have created it");
    }

    [Test]
    public async Task CreatingAnExistingZNodeFailsWithNodeExistsNamingTheOperationPathAndHosts()
    {
        var client = await ConnectedAsync();
        await client.CreateAsync(_root, Bytes("first"), ZNodeMode.Persistent, Timeout());

        var failure = Assert.ThrowsAsync<ZooKeeperException>(() => client.CreateAsync(_root, Bytes("second"), ZNodeMode.Persistent, Timeout()));

        Assert.That(failure!.Error, Is.EqualTo(ZooKeeperError.NodeExists));
        Assert.That(failure.Message, Does.Contain("create").And.Contain(_root).And.Contain(_server.ConnectString));
        Assert.That(await client.GetDataAsync(_root, null, Timeout()), Is.EqualTo(Bytes("first")));
    }

    [Test]
    public async Task DeletingAZNodeWithChildrenFailsWithNotEmpty()
    {
        var client = await ConnectedAsync();
        await client.CreateAsync($"{_root}/child", Bytes("c"), ZNodeMode.Persistent, Timeout());

        var failure = Assert.ThrowsAsync<ZooKeeperException>(() => client.DeleteAsync(_root, Timeout()));

        Assert.That(failure!.Error, Is.EqualTo(ZooKeeperError.NotEmpty));
        Assert.That(failure.Message, Does.Contain("delete").And.Contain(_root));
        Assert.That(await client.ExistsAsync(_root, null, Timeout()), Is.True);
    }

    [Test]
    public async Task CreateMakesMissingParentsAsEmptyPersistentZNodes()
    {
        var client = await ConnectedAsync();
        await client.CreateAsync($"{_root}/a", Bytes("kept"), ZNodeMode.Persistent, Timeout());

        await client.CreateAsync($"{_root}/a/b/c/leaf", Bytes("leaf"), ZNodeMode.Ephemeral, Timeout());

        Assert.That(await client.GetDataAsync($"{_root}/a/b/c/leaf", null, Timeout()), Is.EqualTo(Bytes("leaf")));
        Assert.That(await client.GetDataAsync($"{_root}/a", null, Timeout()), Is.EqualTo(Bytes("kept")), "an existing parent is left alone");
        Assert.That(await client.GetDataAsync($"{_root}/a/b", null, Timeout()), Is.Empty);
        Assert.That(await client.GetChildrenAsync($"{_root}/a/b", null, Timeout()), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public async Task AnEphemeralZNodeUnderAnEphemeralOneIsRefused()
    {
        var client = await ConnectedAsync();
        await client.CreateAsync(_root, Bytes("e"), ZNodeMode.Ephemeral, Timeout());

        var failure = Assert.ThrowsAsync<ZooKeeperException>(() => client.CreateAsync($"{_root}/child", Bytes("c"), ZNodeMode.Ephemeral, Timeout()));

        Assert.That(failure!.Error, Is.EqualTo(ZooKeeperError.NoChildrenForEphemerals));
    }

    [Test]
    public async Task AnInvalidPathFailsWithBadArguments()
    {
        var client = await ConnectedAsync();

        foreach (var path in new[] { "relative", "/trailing/", "/double//slash" })
        {
            var failure = Assert.ThrowsAsync<ZooKeeperException>(() => client.ExistsAsync(path, null, Timeout()));
            Assert.That(failure!.Error, Is.EqualTo(ZooKeeperError.BadArguments), path);
            Assert.That(failure.Message, Does.Contain("exists").And.Contain(path).And.Contain(_server.ConnectString));
        }
    }

    [Test]
    public async Task AnEphemeralZNodeVanishesWhenItsClientIsDisposed()
    {
        var owner = await ConnectedAsync();
        var observer = await ConnectedAsync();
        var path = $"{_root}/ephemeral";
        await owner.CreateAsync(path, Bytes("here"), ZNodeMode.Ephemeral, Timeout());
        var watch = new WatchRecorder();
        Assert.That(await observer.ExistsAsync(path, watch.Watcher, Timeout()), Is.True);

        await owner.DisposeAsync();

        await watch.WaitForAsync(1);
        Assert.That(watch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeDeleted, path) }));
        Assert.That(await observer.ExistsAsync(path, null, Timeout()), Is.False);
        Assert.That(await observer.GetChildrenAsync(_root, null, Timeout()), Is.Empty);
        Assert.That(owner.State, Is.EqualTo(ZooKeeperState.Closed));
        Assert.ThrowsAsync<ObjectDisposedException>(() => owner.ExistsAsync(path, null, Timeout()));
    }

    [Test]
    public async Task ADataWatchFiresOnceOnTheNextChange()
    {
        var client = await ConnectedAsync();
        var other = await ConnectedAsync();
        var path = $"{_root}/data";
        await client.CreateAsync(path, Bytes("v1"), ZNodeMode.Persistent, Timeout());
        var watch = new WatchRecorder();
        await client.GetDataAsync(path, watch.Watcher, Timeout());

        await other.SetDataAsync(path, Bytes("v2"), Timeout());
        await watch.WaitForAsync(1);
        await other.SetDataAsync(path, Bytes("v3"), Timeout());
        await FenceAsync(client, other, path);

        Assert.That(watch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeDataChanged, path) }));
    }

    [Test]
    public async Task AChildrenWatchFiresOnceWhenAChildIsAdded()
    {
        var client = await ConnectedAsync();
        var other = await ConnectedAsync();
        await client.CreateAsync(_root, Bytes("parent"), ZNodeMode.Persistent, Timeout());
        var watch = new WatchRecorder();
        Assert.That(await client.GetChildrenAsync(_root, watch.Watcher, Timeout()), Is.Empty);

        await other.CreateAsync($"{_root}/one", Bytes("1"), ZNodeMode.Ephemeral, Timeout());
        await watch.WaitForAsync(1);
        await other.CreateAsync($"{_root}/two", Bytes("2"), ZNodeMode.Ephemeral, Timeout());
        await FenceAsync(client, other, $"{_root}/one");

        Assert.That(watch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeChildrenChanged, _root) }));
    }

    [Test]
    public async Task AnExistsWatchOnAMissingZNodeFiresOnItsCreation()
    {
        var client = await ConnectedAsync();
        var other = await ConnectedAsync();
        var path = $"{_root}/later";
        var watch = new WatchRecorder();
        Assert.That(await client.ExistsAsync(path, watch.Watcher, Timeout()), Is.False);

        await other.CreateAsync(path, Bytes("now"), ZNodeMode.Persistent, Timeout());

        await watch.WaitForAsync(1);
        Assert.That(watch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeCreated, path) }));
    }

    [Test]
    public async Task DeletingAZNodeFiresItsDataAndChildrenWatches()
    {
        var client = await ConnectedAsync();
        var other = await ConnectedAsync();
        var path = $"{_root}/doomed";
        await client.CreateAsync(path, Bytes("x"), ZNodeMode.Persistent, Timeout());
        var dataWatch = new WatchRecorder();
        var childrenWatch = new WatchRecorder();
        await client.GetDataAsync(path, dataWatch.Watcher, Timeout());
        await client.GetChildrenAsync(path, childrenWatch.Watcher, Timeout());

        await other.DeleteAsync(path, Timeout());

        await dataWatch.WaitForAsync(1);
        await childrenWatch.WaitForAsync(1);
        Assert.That(dataWatch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeDeleted, path) }));
        Assert.That(childrenWatch.Events, Is.EqualTo(new[] { new WatchedEvent(WatchedEventType.NodeDeleted, path) }));
    }

    [Test]
    public async Task NoWatchIsSetOnAMissingZNodeByGetData()
    {
        var client = await ConnectedAsync();
        var other = await ConnectedAsync();
        var path = $"{_root}/absent";
        var watch = new WatchRecorder();
        Assert.That(await client.GetDataAsync(path, watch.Watcher, Timeout()), Is.Null);

        await other.CreateAsync(path, Bytes("created"), ZNodeMode.Persistent, Timeout());
        await FenceAsync(client, other, path);

        Assert.That(watch.Events, Is.Empty);
    }

    [Test]
    public async Task AWatcherMayCallTheClientAgain()
    {
        var client = await ConnectedAsync();
        var path = $"{_root}/rewatch";
        await client.CreateAsync(path, Bytes("v1"), ZNodeMode.Persistent, Timeout());
        var seen = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.GetDataAsync(path, _ => seen.SetResult(client.GetDataAsync(path, null, Timeout()).GetAwaiter().GetResult()), Timeout());

        await client.SetDataAsync(path, Bytes("v2"), Timeout());

        Assert.That(await seen.Task.WaitAsync(Patience), Is.EqualTo(Bytes("v2")));
    }

    [Test]
    public async Task ManyConcurrentOperationsFromManyTasksAllComplete()
    {
        var client = await ConnectedAsync();
        const int count = 200;

        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var path = $"{_root}/n{i}";
            await client.CreateAsync(path, Bytes($"value {i}"), ZNodeMode.Persistent, Timeout());
            await client.SetDataAsync(path, Bytes($"changed {i}"), Timeout());
        })));
        var read = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => client.GetDataAsync($"{_root}/n{i}", null, Timeout()))));

        Assert.That(read.Select(r => System.Text.Encoding.UTF8.GetString(r!)), Is.EqualTo(Enumerable.Range(0, count).Select(i => $"changed {i}")));
        Assert.That(await client.GetChildrenAsync(_root, null, Timeout()), Has.Count.EqualTo(count));
    }

    [Test]
    public async Task DigestCredentialsLimitTheZNodesTheClientCreatesToSessionsWithTheSameCredentials()
    {
        var owner = await ConnectedAsync(new ZooKeeperDigest("druid", "secret"));
        var path = $"{_root}/announcement";
        await owner.CreateAsync(path, Bytes("payload"), ZNodeMode.Ephemeral, Timeout());
        var colleague = await ConnectedAsync(new ZooKeeperDigest("druid", "secret"));
        var stranger = await ConnectedAsync(new ZooKeeperDigest("druid", "guess"));
        var anonymous = await ConnectedAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await colleague.GetDataAsync(path, null, Timeout()), Is.EqualTo(Bytes("payload")), "the same credentials read");
            Assert.That(await colleague.GetChildrenAsync(_root, null, Timeout()), Is.EqualTo(new[] { "announcement" }), "and list the parent created on the way");
            foreach (var (client, who) in new[] { (stranger, "other credentials"), (anonymous, "no credentials") })
            {
                Assert.That(Assert.ThrowsAsync<ZooKeeperException>(() => client.GetDataAsync(path, null, Timeout()))!.Error, Is.EqualTo(ZooKeeperError.NoAuth), $"{who} cannot read");
                Assert.That(Assert.ThrowsAsync<ZooKeeperException>(() => client.SetDataAsync(path, Bytes("forged"), Timeout()))!.Error, Is.EqualTo(ZooKeeperError.NoAuth), $"{who} cannot write");
                Assert.That(Assert.ThrowsAsync<ZooKeeperException>(() => client.DeleteAsync(path, Timeout()))!.Error, Is.EqualTo(ZooKeeperError.NoAuth), $"{who} cannot delete");
                Assert.That(Assert.ThrowsAsync<ZooKeeperException>(() => client.CreateAsync($"{_root}/forged", Bytes("x"), ZNodeMode.Ephemeral, Timeout()))!.Error,
                    Is.EqualTo(ZooKeeperError.NoAuth), $"{who} cannot announce beside it");
            }
        });
        Assert.That(await colleague.SetDataAsync(path, Bytes("updated"), Timeout()), Is.True);
    }

    private async Task<ZooKeeperClient> ConnectedAsync(ZooKeeperDigest? digest = null)
    {
        var client = new ZooKeeperClient(_server.ConnectString, TimeSpan.FromSeconds(10), new RecordingLogger<ZooKeeperClient>(), null, digest);
        _clients.Add(client);
        await client.WaitConnectedAsync(Timeout());
        Assert.That(client.State, Is.EqualTo(ZooKeeperState.Connected));
        return client;
    }

    /// <summary>
    /// Makes sure every notification for changes made so far has been delivered to <paramref name="client"/>: a watch set
    /// now on <paramref name="fencePath"/> fires after them, since ZooKeeper delivers a client's events in order.
    /// </summary>
    private static async Task FenceAsync(ZooKeeperClient client, ZooKeeperClient other, string fencePath)
    {
        var fence = new WatchRecorder();
        await client.ExistsAsync(fencePath, fence.Watcher, Timeout());
        await other.SetDataAsync(fencePath, Bytes("fence"), Timeout());
        await fence.WaitForAsync(1);
    }
}
