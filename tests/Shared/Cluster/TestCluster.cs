using System.Text.Json;
using Npgsql;

namespace Realtime.Testing;

/// <summary>
/// One test's cluster on a shared ZooKeeper and PostgreSQL server: its own metadata database, ZooKeeper base path,
/// deep storage and node working directories under one temporary folder, and the node processes that join it.
/// </summary>
/// <remarks>Disposal deletes the folder; the test disposes the nodes it started first.</remarks>
internal sealed class TestCluster : IDisposable
{
    private readonly ZooKeeperServer _zooKeeper;
    private readonly PostgreSqlServer _postgres;

    private TestCluster(ZooKeeperServer zooKeeper, PostgreSqlServer postgres, string database)
    {
        _zooKeeper = zooKeeper;
        _postgres = postgres;
        Database = database;
        Root = Directory.CreateTempSubdirectory("realtime-cluster-").FullName;
    }

    /// <summary>The folder holding deep storage and the nodes' working directories.</summary>
    public string Root { get; }

    /// <summary>The metadata database, also the ZooKeeper base path (<c>/</c> + this name).</summary>
    public string Database { get; }

    /// <summary>The shared deep storage folder.</summary>
    public string DeepStorage => Path.Combine(Root, "deep-storage");

    /// <summary>The metadata database's connection string, as the nodes get it.</summary>
    public string ConnectionString => _postgres.ConnectionStringFor(Database, PostgreSqlServer.User, PostgreSqlServer.Password);

    /// <summary>
    /// The settings that make a node join this cluster: a short ZooKeeper session, so that a killed node's announcements
    /// go within seconds, and historicals that look for work every second.
    /// </summary>
    public IReadOnlyList<string> NodeArguments =>
    [
        "--Realtime:ZooKeeper:Hosts", _zooKeeper.ConnectString,
        "--Realtime:ZooKeeper:Base", "/" + Database,
        "--Realtime:ZooKeeper:SessionTimeout", "00:00:04",
        "--Realtime:Metadata:Type", "postgresql",
        "--Realtime:Metadata:ConnectionString", ConnectionString,
        "--Realtime:Storage:Directory", DeepStorage,
        "--Realtime:Historical:PollPeriod", "00:00:01",
        "--Realtime:Historical:RetryPeriod", "00:00:02",
    ];

    /// <summary>Creates the test's metadata database; the ZooKeeper base path needs no creating.</summary>
    public static async Task<TestCluster> CreateAsync(ZooKeeperServer zooKeeper, PostgreSqlServer postgres)
    {
        var database = "cluster_" + Guid.NewGuid().ToString("N");
        await postgres.ExecuteAsSuperuserAsync("postgres", $"CREATE DATABASE {database} OWNER {PostgreSqlServer.User}");
        return new TestCluster(zooKeeper, postgres, database);
    }

    /// <summary>The working directory of the node called <paramref name="name"/>, created when missing.</summary>
    public string Workspace(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Starts a historical in the working directory <paramref name="name"/>, with further <paramref name="arguments"/>.</summary>
    public ServerProcess StartHistorical(string name, params string[] arguments) => StartNode(name, ["--Realtime:Role", "historical", .. arguments]);

    /// <summary>Starts a broker in the working directory <paramref name="name"/>, with further <paramref name="arguments"/>.</summary>
    public ServerProcess StartBroker(string name, params string[] arguments) => StartNode(name, ["--Realtime:Role", "broker", .. arguments]);

    /// <summary>Starts a realtime node in the working directory <paramref name="name"/> on the spec file <paramref name="spec"/>.</summary>
    public ServerProcess StartRealtime(string name, string spec, params string[] arguments) => StartNode(name, ["--spec", spec, .. arguments]);

    /// <summary>Runs SQL in the metadata database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The ids of the used segments in the metadata store, in order.</summary>
    public async Task<IReadOnlyList<string>> PublishedSegmentsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM druid_segments WHERE used ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The <c>cluster</c> part of a node's <c>/status</c>.</summary>
    public static JsonElement ClusterStatus(JsonElement status) => status.GetProperty("cluster");

    /// <summary>Waits until a node serves <paramref name="count"/> segments it loaded.</summary>
    public static Task<JsonElement> WaitForServedAsync(ServerProcess node, int count, string what) =>
        node.WaitForStatusAsync(s => ClusterStatus(s).GetProperty("servedSegments").GetArrayLength() == count, what);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private ServerProcess StartNode(string name, params string[] arguments) => ServerProcess.Start(Workspace(name), [.. arguments, .. NodeArguments]);
}
