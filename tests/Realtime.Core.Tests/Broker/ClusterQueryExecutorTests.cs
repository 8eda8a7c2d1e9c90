using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Broker;
using Realtime.Core.Tests.Query;
using Realtime.Core.Tests.Query.Differential;

namespace Realtime.Core.Tests.Broker;

/// <summary>
/// The broker over data nodes on loopback when copies fail: it asks another copy of segments a node cannot answer
/// for or no longer serves, and a segment no copy answers for fails the query by name, or is listed in the response
/// when partial results are asked for. The single node over every segment is the reference.
/// </summary>
public class ClusterQueryExecutorTests
{
    private const string CountAll = $$"""
        {"queryType":"timeseries","dataSource":"{{QueryCluster.DataSource}}","intervals":["2013-01-01/2014-01-01"],"granularity":"day",
         "aggregations":[{"type":"count","name":"rows"},{"type":"longSum","name":"bytes","fieldName":"bytes"},{"type":"hyperUnique","name":"uniques","fieldName":"country"}]}
        """;

    private const string ByCountry = $$"""
        {"queryType":"groupBy","dataSource":"{{QueryCluster.DataSource}}","intervals":["2013-01-01/2014-01-01"],"granularity":"all",
         "dimensions":["country"],"aggregations":[{"type":"count","name":"rows"}],"limitSpec":{"type":"default","limit":3,"columns":[{"dimension":"rows","direction":"descending"}] } }
        """;

    private QueryCluster _cluster = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var (events, _) = ReferenceData.Generate(new Random(11), 300);
        _cluster = await QueryCluster.StartAsync(ReferenceData.Schema, events, Layout.Mixed, "day", maxRowsInMemory: 25);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task EverySegmentIsReadOnceThoughEachHasTwoCopies()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 3, copies: 2);

        await AssertSameAsOneNodeAsync(nodes, CountAll);
        await AssertSameAsOneNodeAsync(nodes, ByCountry);
    }

    [Test]
    public async Task SegmentsOfANodeThatIsDownAreAskedOfTheirOtherCopy()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 3, copies: 2);
        await nodes.Nodes[0].StopAsync();

        for (var i = 0; i < 5; i++)
        {
            await AssertSameAsOneNodeAsync(nodes, CountAll);
        }
    }

    [Test]
    public async Task SegmentsANodeNoLongerServesAreAskedOfTheirOtherCopy()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 3, copies: 2);
        nodes.Nodes[1].Source.Held.Clear();

        for (var i = 0; i < 5; i++)
        {
            await AssertSameAsOneNodeAsync(nodes, CountAll);
        }
    }

    [Test]
    public async Task ADataNodeReportsTheSegmentsItDoesNotServeInTheResponseContext()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 2, copies: 1);
        var served = nodes.Nodes[0].Source.Held.First();
        var absent = nodes.Nodes[1].Source.Held.First();
        var query = JsonNode.Parse(CountAll)!.AsObject();
        query["intervals"] = new JsonObject
        {
            ["type"] = "segments",
            ["segments"] = new JsonArray(
                new JsonObject { ["itvl"] = served.Interval.ToString(), ["ver"] = served.Version, ["part"] = served.PartitionNum },
                new JsonObject { ["itvl"] = absent.Interval.ToString(), ["ver"] = absent.Version, ["part"] = absent.PartitionNum }),
        };

        using var http = new HttpClient();
        using var response = await http.PostAsync($"http://{nodes.Nodes[0].Name}/druid/v2/", JsonContent.Create(query));

        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var context = JsonNode.Parse(string.Concat(response.Headers.GetValues("X-Druid-Response-Context")))!;
        Assert.That(context["missingSegments"]!.ToJsonString(), Is.EqualTo(new JsonArray(
            new JsonObject { ["itvl"] = absent.Interval.ToString(), ["ver"] = absent.Version, ["part"] = absent.PartitionNum }).ToJsonString()));
    }

    [Test]
    public async Task SegmentsNoCopyCanAnswerForFailTheQueryByName()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 2, copies: 1);
        var lost = nodes.Nodes[0].Source.Held.Select(id => id.Interval.ToString()).Order().ToList();
        await nodes.Nodes[0].StopAsync();

        var error = Assert.ThrowsAsync<SegmentsMissingException>(() => nodes.Broker.RunAsync(CountAll));

        Assert.That(error!.Segments.Select(s => s.Interval.ToString()).Order(), Is.EqualTo(lost));
        Assert.That(error.StatusCode, Is.EqualTo(500));
        Assert.That(error.Message, Does.Contain(lost[0]).And.Contain("returnPartialResults"));
    }

    [Test]
    public async Task WithPartialResultsTheAnswerListsTheSegmentsItLacks()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 2, copies: 1);
        var lost = nodes.Nodes[0].Source.Held.ToList();
        await nodes.Nodes[0].StopAsync();
        var query = JsonNode.Parse(CountAll)!.AsObject();
        query["context"] = new JsonObject { ["returnPartialResults"] = true };

        var response = await nodes.Broker.ExecuteAsync(query.ToJsonString());

        Assert.That(response.MissingSegments.Select(s => (s.Interval, s.Version, s.Partition)),
            Is.EquivalentTo(lost.Select(id => (id.Interval, id.Version, id.PartitionNum))));
        var lostDays = lost.Select(id => id.Interval.ToString()).ToHashSet();
        var expected = await _cluster.RunAsync(CountAll);
        var kept = expected.Where(day => !lostDays.Contains(DayOf(day!))).Select(day => day!["result"]!["rows"]!.GetValue<long>()).Sum();
        Assert.That(response.Results.Sum(day => day!["result"]!["rows"]!.GetValue<long>()), Is.EqualTo(kept));
        Assert.That(response.ResponseContext()["missingSegments"]!.AsArray(), Has.Count.EqualTo(lost.Count));
    }

    [Test]
    public async Task TheBrokerDescribesDataSourcesFromTheAnnouncedSegments()
    {
        await using var nodes = await BrokeredNodes.StartAsync(_cluster, QueryCluster.DataSource, nodes: 2, copies: 1);

        Assert.That(nodes.Broker.DataSources, Is.EquivalentTo(new[] { QueryCluster.DataSource }));
        Assert.That(nodes.Broker.DescribeDataSource("unknown"), Is.Null);
    }

    private static string DayOf(JsonNode day)
    {
        var start = DateTimeOffset.Parse(day["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        return new Abstractions.Time.Interval(start.ToUnixTimeMilliseconds(), start.ToUnixTimeMilliseconds() + ReferenceData.Day).ToString();
    }

    private async Task AssertSameAsOneNodeAsync(BrokeredNodes nodes, string query)
    {
        var expected = await _cluster.RunAsync(query);
        var actual = await nodes.Broker.RunAsync(query);
        Assert.That(actual.ToJsonString(), Is.EqualTo(expected.ToJsonString()), query);
    }
}
