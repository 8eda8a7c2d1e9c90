namespace Realtime.Testing;

/// <summary>A real ZooKeeper and a real PostgreSQL server for a fixture of cluster tests, each test with its own <see cref="TestCluster"/> on them.</summary>
internal sealed class ClusterServers : IAsyncDisposable
{
    private ClusterServers(ZooKeeperServer zooKeeper, PostgreSqlServer postgres)
    {
        ZooKeeper = zooKeeper;
        PostgreSql = postgres;
    }

    /// <summary>The ZooKeeper server, which a test may stop and restart.</summary>
    public ZooKeeperServer ZooKeeper { get; }

    /// <summary>The PostgreSQL server holding each test's metadata database.</summary>
    public PostgreSqlServer PostgreSql { get; }

    /// <summary>Starts both servers.</summary>
    public static async Task<ClusterServers> StartAsync()
    {
        var zooKeeper = await ZooKeeperServer.StartAsync();
        try
        {
            return new ClusterServers(zooKeeper, await PostgreSqlServer.StartAsync());
        }
        catch
        {
            await zooKeeper.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new cluster for one test, with its own metadata database and ZooKeeper base path.</summary>
    public Task<TestCluster> CreateClusterAsync() => TestCluster.CreateAsync(ZooKeeper, PostgreSql);

    public async ValueTask DisposeAsync()
    {
        await PostgreSql.DisposeAsync();
        await ZooKeeper.DisposeAsync();
    }
}
