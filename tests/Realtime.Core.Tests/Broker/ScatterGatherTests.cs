using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Realtime.Abstractions.Storage;
using Realtime.Core.Broker;
using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Query;

namespace Realtime.Core.Tests.Broker;

/// <summary>What the broker sends each data node, and how a timeout or a cancellation reaches the nodes it asked.</summary>
public class ScatterGatherTests
{
    private const string Server = "10.0.0.7:8083";

    private static readonly DataSegment[] Segments =
    [
        Segment("2013-08-31T00:00:00.000Z/2013-08-31T01:00:00.000Z", 0),
        Segment("2013-08-31T00:00:00.000Z/2013-08-31T01:00:00.000Z", 1),
        Segment("2013-08-31T01:00:00.000Z/2013-08-31T02:00:00.000Z", 0),
    ];

    private const string TopN = """
        {"queryType":"topN","dataSource":"wikipedia","intervals":["2013-08-31T00:30:00Z/2013-09-01"],"granularity":"all",
         "dimension":"page","metric":"edits","threshold":5,"aggregations":[{"type":"longSum","name":"edits","fieldName":"count"}],
         "postAggregations":[{"type":"arithmetic","name":"double","fn":"*","fields":[{"type":"fieldAccess","fieldName":"edits"},{"type":"constant","value":2}]}],
         "context":{"queryId":"q-1","timeout":60000}}
        """;

    [Test]
    public async Task EachNodeIsAskedForItsSegmentsWithIntermediateValuesAndWhatIsLeftOfTheTimeout()
    {
        var client = new Mock<IDataNodeClient>();
        string? sent = null;
        client.Setup(c => c.QueryAsync(Server, It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string query, TimeSpan _, CancellationToken _) => sent = query)
            .ReturnsAsync(() => new DataNodeResponse(JsonDocument.Parse("[]"), []));
        var broker = Broker(client.Object);

        var result = await broker.RunAsync(TopN);

        Assert.That(result, Is.Empty);
        var query = JsonNode.Parse(sent!)!;
        Assert.That(query["intervals"]!.ToJsonString(), Is.EqualTo("""{"type":"segments","segments":[{"itvl":"2013-08-31T00:30:00.000Z/2013-08-31T01:00:00.000Z","ver":"v1","part":0},{"itvl":"2013-08-31T00:30:00.000Z/2013-08-31T01:00:00.000Z","ver":"v1","part":1},{"itvl":"2013-08-31T01:00:00.000Z/2013-08-31T02:00:00.000Z","ver":"v1","part":0}]}"""));
        Assert.That(query["context"]!["finalize"]!.GetValue<bool>(), Is.False);
        Assert.That(query["context"]!["queryId"]!.GetValue<string>(), Is.EqualTo("q-1"));
        Assert.That(query["context"]!["timeout"]!.GetValue<long>(), Is.InRange(1, 60000));
        Assert.That(query["threshold"]!.GetValue<int>(), Is.EqualTo(1000), "a topN asks each node for at least minTopNThreshold values");
        Assert.That(query["postAggregations"], Is.Not.Null, "a topN may rank by a post-aggregator, so nodes compute them");
    }

    [Test]
    public async Task ATimeoutOnTheBrokerCancelsTheQueryOnTheNodesItAsked()
    {
        var (client, cancelled) = BlockingClient();
        var broker = Broker(client.Object);
        var query = JsonNode.Parse(TopN)!.AsObject();
        query["context"]!["timeout"] = 50;

        Assert.ThrowsAsync<QueryTimeoutException>(() => broker.RunAsync(query.ToJsonString()));

        Assert.That(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo((Server, "q-1")));
    }

    [Test]
    public async Task CancellingOnTheBrokerCancelsTheQueryOnTheNodesItAsked()
    {
        var (client, cancelled) = BlockingClient();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Setup(c => c.QueryAsync(Server, It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, TimeSpan _, CancellationToken token) =>
            {
                asked.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });
        var broker = Broker(client.Object);

        var running = broker.RunAsync(TopN);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(broker.Cancel("q-1"), Is.True);
        Assert.ThrowsAsync<QueryCancelledException>(() => running);
        Assert.That(await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo((Server, "q-1")));
    }

    [Test]
    public async Task ANodeThatRefusesTheQueryFailsItWithTheNodesError()
    {
        var client = new Mock<IDataNodeClient>();
        client.Setup(c => c.QueryAsync(Server, It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new QueryException("Invalid query", $"Data node {Server}: unknown aggregator", 400));
        var broker = Broker(client.Object);

        var error = Assert.ThrowsAsync<QueryException>(() => broker.RunAsync(TopN));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain(Server));
    }

    private static (Mock<IDataNodeClient> Client, TaskCompletionSource<(string, string)> Cancelled) BlockingClient()
    {
        var client = new Mock<IDataNodeClient>();
        var cancelled = new TaskCompletionSource<(string, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Setup(c => c.QueryAsync(Server, It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, TimeSpan _, CancellationToken token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });
        client.Setup(c => c.CancelAsync(It.IsAny<string>(), It.IsAny<string>()))
            .Callback((string server, string queryId) => cancelled.TrySetResult((server, queryId)))
            .Returns(Task.CompletedTask);
        return (client, cancelled);
    }

    private static ClusterQueryExecutor Broker(IDataNodeClient client)
    {
        var inventory = new Mock<IServerInventory>();
        inventory.Setup(i => i.Servers).Returns([new ServerInventory(new DruidServerMetadata(Server, Server, null, 0, NodeRoles.Historical, "_default_tier", 0), Segments)]);
        inventory.Setup(i => i.WhenChangedAsync(It.IsAny<CancellationToken>())).Returns((CancellationToken token) => Task.Delay(Timeout.Infinite, token));
        var view = new BrokerServerView(inventory.Object);
        view.Rebuild();
        return new ClusterQueryExecutor(view, client, new SpecSerializer(ComponentRegistry.BuiltIn), new BrokerOptions(), NullLogger<ClusterQueryExecutor>.Instance);
    }

    private static DataSegment Segment(string interval, int partition) => new()
    {
        DataSource = "wikipedia",
        Interval = interval,
        Version = "v1",
        PartitionNum = partition,
        ShardSpec = JsonSerializer.SerializeToElement(new { type = "numbered", partitionNum = partition, partitions = 0 }),
    };
}
