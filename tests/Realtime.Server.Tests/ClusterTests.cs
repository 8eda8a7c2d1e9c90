using System.Globalization;
using System.Text.Json;
using System.Net.Http.Json;
using Realtime.Core.Cluster;

namespace Realtime.Server.Tests;

/// <summary>
/// A cluster of node processes on one machine, with a real ZooKeeper and a real PostgreSQL: a realtime node hands its
/// segments to historicals through shared deep storage, the historicals share them with two copies each, and rebalance
/// when one joins or dies.
/// </summary>
[NonParallelizable]
public sealed class ClusterTests
{
    private const int Hours = 24;
    private const int RowsPerHour = 40;
    private static readonly DateTime Day = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

    private ClusterServers _servers = null!;
    private TestCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartServers() => _servers = await ClusterServers.StartAsync();

    [OneTimeTearDown]
    public async Task StopServers() => await _servers.DisposeAsync();

    // Each test has its own working directories, metadata database and ZooKeeper base path.
    [SetUp]
    public async Task CreateCluster() => _cluster = await _servers.CreateClusterAsync();

    [TearDown]
    public void DeleteCluster() => _cluster.Dispose();

    [Test]
    public async Task SegmentsMoveFromTheRealtimeNodeToHistoricalsThatShareAndRebalanceThem()
    {
        var edits = Edits();
        await using var first = StartHistorical("historical-1");
        await using var second = StartHistorical("historical-2");
        await using var realtime = StartRealtime(edits);

        await TestCluster.WaitForServedAsync(first, Hours, "historical-1 to load every segment");
        await TestCluster.WaitForServedAsync(second, Hours, "historical-2 to load every segment");
        await realtime.WaitForPipelinesAsync("Finished");
        var published = await _cluster.PublishedSegmentsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(published, Has.Count.EqualTo(Hours), "one used row per hourly segment");
            Assert.That(published.Distinct().Count(), Is.EqualTo(published.Count));
            Assert.That(Directory.EnumerateFiles(Path.Combine(_cluster.Root, "realtime", "data", "persist"), "*", SearchOption.AllDirectories), Is.Empty, "the realtime node deletes what it handed off");
            Assert.That(await TotalsAsync(realtime), Is.Empty, "the realtime node no longer serves the segments");
            Assert.That(await TotalsAsync(first), Is.EqualTo(Expected(edits)));
            Assert.That(await TotalsAsync(second), Is.EqualTo(Expected(edits)));
        });

        await using (var third = StartHistorical("historical-3"))
        {
            var shares = await WaitForSharesAsync([first, second, third], copies: 2, "three historicals to share the segments, two copies each");
            Assert.That(shares, Has.All.GreaterThan(0), "every historical, the new one included, takes a share");

            await third.KillAsync();
        }

        await TestCluster.WaitForServedAsync(first, Hours, "historical-1 to take back the dead historical's share");
        await TestCluster.WaitForServedAsync(second, Hours, "historical-2 to take back the dead historical's share");
        Assert.Multiple(async () =>
        {
            Assert.That(await TotalsAsync(first), Is.EqualTo(Expected(edits)));
            Assert.That(await TotalsAsync(second), Is.EqualTo(Expected(edits)));
        });

        await second.KillAsync();
        Assert.That(await TotalsAsync(first), Is.EqualTo(Expected(edits)), "with two copies, one historical dying leaves the other serving everything");
    }

    [Test]
    public async Task AHistoricalDropsASegmentMarkedUnused()
    {
        var edits = Edits();
        await using var historical = StartHistorical("historical-1");
        await using (var realtime = StartRealtime(edits))
        {
            await TestCluster.WaitForServedAsync(historical, Hours, "the historical to load every segment");
            await realtime.WaitForPipelinesAsync("Finished");
        }

        var unused = (await _cluster.PublishedSegmentsAsync())[0];
        await _cluster.ExecuteAsync($"UPDATE druid_segments SET used = false WHERE id = '{unused}'");

        var status = await TestCluster.WaitForServedAsync(historical, Hours - 1, "the historical to drop the unused segment");
        var firstHour = edits.Where(e => e.Time < Day.AddHours(1)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(unused, Does.Contain($"{Day:yyyy-MM-dd}T00:00:00.000Z_{Day:yyyy-MM-dd}T01:00:00.000Z"), "the first hour's segment");
            Assert.That(Cluster(status).GetProperty("servedSegments").EnumerateArray().Select(id => id.GetString()), Does.Not.Contain(unused));
            Assert.That(await TotalsAsync(historical), Is.EqualTo(Expected([.. edits.Except(firstHour)])), "the unused hour's rows are no longer served");
        });
    }

    [Test]
    public async Task AHistoricalReportsASegmentItCannotLoadAndServesTheRest()
    {
        var edits = Edits();
        await using (var realtime = StartRealtime(edits))
        {
            await using var loader = StartHistorical("historical-1");
            await TestCluster.WaitForServedAsync(loader, Hours, "the historical to load every segment");
            await realtime.WaitForPipelinesAsync("Finished");
        }

        var zips = Directory.GetFiles(_cluster.DeepStorage, "index.zip", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        await File.WriteAllTextAsync(zips[0], "not a zip");
        File.Delete(zips[1]);

        await using var historical = StartHistorical("historical-2");
        var status = await historical.WaitForStatusAsync(
            s => Cluster(s).GetProperty("failedSegments").GetArrayLength() == 2 && Cluster(s).GetProperty("servedSegments").GetArrayLength() == Hours - 2,
            "two failed segments and the rest served");
        var failures = Cluster(status).GetProperty("failedSegments").EnumerateArray().Select(f => f.GetProperty("error").GetString()).ToList();
        var served = await TotalsAsync(historical);
        Assert.Multiple(() =>
        {
            Assert.That(failures, Has.Some.Contains("index.zip"), "the missing file is named");
            Assert.That(historical.Output, Does.Contain("could not be loaded"));
            Assert.That(served.Values.Sum(t => t.Edits), Is.EqualTo((Hours - 2) * RowsPerHour), "the other segments are served");
        });
    }

    [Test]
    public async Task ANodeStartsWithoutZooKeeperAndCatchesUpWhenItComesUp()
    {
        var edits = Edits();
        await _servers.ZooKeeper.StopAsync();
        ServerProcess realtime;
        try
        {
            realtime = StartRealtime(edits);
            await realtime.WaitForStatusAsync(s => Cluster(s).GetProperty("zooKeeper").GetProperty("state").GetString() != "Connected", "the node to run without ZooKeeper");
            await realtime.WaitForStatusAsync(_ => realtime.Output.Contains(_servers.ZooKeeper.ConnectString, StringComparison.Ordinal), "a log line naming the unreachable ZooKeeper");
        }
        finally
        {
            await _servers.ZooKeeper.RestartAsync();
        }

        await using (realtime)
        {
            await using var historical = StartHistorical("historical-1");
            await TestCluster.WaitForServedAsync(historical, Hours, "the historical to load every segment");
            await realtime.WaitForPipelinesAsync("Finished");
            Assert.That(await TotalsAsync(historical), Is.EqualTo(Expected(edits)));
        }
    }

    [Test]
    public async Task ASecuredClusterHandsOffAndTheBrokerAnswersAskingTheNodesAsTheInternalIdentity()
    {
        var edits = Edits();
        string[] security =
        [
            "--Realtime:Security:Enabled", "true", "--Realtime:Security:InitialAdminPassword", "admin-pw", "--Realtime:Security:PasswordIterations", "1000",
            "--Realtime:Security:Internal:Password", "internal-pw", "--Realtime:ZooKeeper:User", "druid", "--Realtime:ZooKeeper:Password", "zk-pw",
        ];
        await using var historical = AsAdmin(_cluster.StartHistorical("historical-1", security));
        await using var realtime = AsAdmin(StartRealtime(edits, security));
        await using var broker = AsAdmin(_cluster.StartBroker("broker", security));

        await TestCluster.WaitForServedAsync(historical, Hours, "the historical to load every segment");
        await realtime.WaitForPipelinesAsync("Finished");
        var answered = await broker.WaitForStatusAsync(_ => BrokerTotals(broker) is { } totals && totals.Count == Expected(edits).Count, "the broker to answer for every segment");
        var (anonymous, _) = await PostAsync(broker, null);
        var (wrongInternal, _) = await PostAsync(historical, "druid_system:not-the-internal-pw");
        await using var zooKeeper = new Realtime.Core.ZooKeeper.ZooKeeperClient(_servers.ZooKeeper.ConnectString, TimeSpan.FromSeconds(10),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Realtime.Core.ZooKeeper.ZooKeeperClient>.Instance);
        var unauthenticatedRead = Assert.ThrowsAsync<Realtime.Core.ZooKeeper.ZooKeeperException>(() => zooKeeper.GetChildrenAsync($"/{_cluster.Database}/announcements", null, CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(answered.GetProperty("broker").GetProperty("servers").GetArrayLength(), Is.EqualTo(2), "the broker reads both nodes' announcements");
            Assert.That(BrokerTotals(broker), Is.EqualTo(Expected(edits)), "the broker's answer, from the historical, asked as the internal identity");
            Assert.That(await TotalsAsync(historical), Is.EqualTo(Expected(edits)));
            Assert.That(anonymous, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "the broker asks for credentials");
            Assert.That(wrongInternal, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "a data node refuses a wrong internal password");
            Assert.That(unauthenticatedRead!.Error, Is.EqualTo(Realtime.Core.ZooKeeper.ZooKeeperError.NoAuth), "the announcements are readable only with the cluster's ZooKeeper credentials");
        });
    }

    private static JsonElement Cluster(JsonElement status) => TestCluster.ClusterStatus(status);

    private static ServerProcess AsAdmin(ServerProcess node)
    {
        node.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:admin-pw"u8.ToArray()));
        return node;
    }

    private static Dictionary<string, (long Edits, long Added)>? BrokerTotals(ServerProcess broker)
    {
        var (status, body) = broker.PostQueryAsync(TotalsQuery).GetAwaiter().GetResult();
        return status == System.Net.HttpStatusCode.OK ? Totals(body) : null;
    }

    private static async Task<(System.Net.HttpStatusCode Status, string Body)> PostAsync(ServerProcess node, string? credentials)
    {
        using var client = new HttpClient { BaseAddress = node.Http.BaseAddress };
        if (credentials is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        }

        using var response = await client.PostAsync("/druid/v2", new StringContent(TotalsQuery, System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private ServerProcess StartHistorical(string name) => _cluster.StartHistorical(name);

    private ServerProcess StartRealtime(IReadOnlyList<Edit> edits, params string[] arguments)
    {
        var directory = _cluster.Workspace("realtime");
        var data = Path.Combine(directory, "edits.json");
        File.WriteAllLines(data, edits.Select(e => JsonSerializer.Serialize(new { timestamp = e.Time.ToString("O", CultureInfo.InvariantCulture), page = e.Page, added = e.Added })));
        var spec = Path.Combine(directory, "spec.json");
        File.WriteAllText(spec, $$"""
            [{
              "dataSchema": {
                "dataSource": "edits",
                "parser": { "type": "string", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "iso" }, "dimensionsSpec": { "dimensions": ["page"] } } },
                "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "added", "fieldName": "added" } ],
                "granularitySpec": { "segmentGranularity": "hour", "queryGranularity": "none" }
              },
              "ioConfig": { "type": "realtime", "firehose": { "type": "local", "baseDir": "{{directory}}", "filter": "edits.json" } },
              "tuningConfig": { "type": "realtime", "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
            }]
            """);
        return _cluster.StartRealtime("realtime", spec, arguments);
    }

    private static IReadOnlyList<Edit> Edits() =>
        [.. Enumerable.Range(0, Hours * RowsPerHour).Select(i => new Edit(Day.AddHours(i / RowsPerHour).AddSeconds(i % RowsPerHour), $"p{i % 10}", i))];

    private static Dictionary<string, (long Edits, long Added)> Expected(IReadOnlyList<Edit> edits) =>
        edits.GroupBy(e => e.Page).ToDictionary(g => g.Key, g => ((long)g.Count(), g.Sum(e => (long)e.Added)));

    private static string TotalsQuery => $$"""
        {"queryType": "groupBy", "dataSource": "edits", "intervals": ["{{Day:yyyy-MM-dd}}/P1D"], "granularity": "all", "dimensions": ["page"],
         "aggregations": [{"type": "longSum", "name": "edits", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
        """;

    private static async Task<Dictionary<string, (long Edits, long Added)>> TotalsAsync(ServerProcess node) => Totals(await node.QueryAsync(TotalsQuery));

    private static Dictionary<string, (long Edits, long Added)> Totals(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.GetProperty("event")).ToDictionary(
            e => e.GetProperty("page").GetString()!, e => (e.GetProperty("edits").GetInt64(), e.GetProperty("added").GetInt64()));

    // Waits until every segment is served by exactly `copies` of the nodes, and returns how many each serves.
    // Waits until the nodes serve exactly what the rendezvous assignment over all of them gives, so a state from before a
    // newcomer joined (when the others still held everything) never passes for the shared one.
    private static async Task<IReadOnlyList<int>> WaitForSharesAsync(IReadOnlyList<ServerProcess> nodes, int copies, string what)
    {
        IReadOnlyList<int> shares = [];
        await nodes[0].WaitForStatusAsync(_ =>
        {
            var statuses = nodes.Select(n => Cluster(n.Http.GetFromJsonAsync<JsonElement>("/status").GetAwaiter().GetResult())).ToList();
            var names = statuses.Select(s => s.GetProperty("server").GetString()!).ToList();
            var served = statuses.Select(s => s.GetProperty("servedSegments").EnumerateArray().Select(id => id.GetString()!).ToHashSet()).ToList();
            shares = [.. served.Select(s => s.Count)];
            var segments = served.SelectMany(s => s).Distinct().ToList();
            return segments.Count == Hours && segments.All(id =>
            {
                var owners = SegmentAssignment.Owners(id, names, copies);
                return names.Select((name, i) => owners.Contains(name) == served[i].Contains(id)).All(agrees => agrees);
            });
        }, what);
        return shares;
    }

    private sealed record Edit(DateTime Time, string Page, int Added);
}
