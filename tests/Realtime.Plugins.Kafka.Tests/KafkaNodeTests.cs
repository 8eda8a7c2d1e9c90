using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Realtime.Core.Index;
using Realtime.Testing;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>
/// The node as a process with the plugin loaded from <c>plugins/Kafka/</c> through the load list, reading a mock
/// Kafka cluster hosted by this test process.
/// </summary>
[NonParallelizable]
public sealed class KafkaNodeTests
{
    private const string Topic = "events";
    private const string Group = "realtime";
    private const string Processed = "realtime_ingest_events_processed_total";
    private const string Unparseable = "realtime_ingest_events_unparseable_total";
    private const string ThrownAway = "realtime_ingest_events_thrown_away_total";
    private const string CommitFailed = "Kafka commit of persisted offsets failed";
    private const string Assigned = "Kafka partitions assigned";

    private MockCluster _cluster = null!;
    private NodeWorkspace _workspace = null!;

    [SetUp]
    public void SetUp()
    {
        KafkaSpecs.AssertPluginBuilt();
        _cluster = MockCluster.Start();
        _cluster.CreateTopic(Topic, 3);
        _workspace = new NodeWorkspace();
    }

    [TearDown]
    public void TearDown()
    {
        _workspace.Dispose();
        _cluster.Dispose();
    }

    [Test]
    public async Task The_plugin_is_loaded_and_every_partition_ingested_while_poison_messages_are_counted_and_skipped()
    {
        _cluster.Produce(Topic, Enumerable.Range(0, 30).Select(i => (i % 3, (string?)KafkaSpecs.Row($"g{i}"))));
        _cluster.Produce(Topic, [(0, "{not json"), (1, """{"id":"no-time","value":1}"""), (2, null)]);
        _cluster.Produce(Topic, [(2, new byte[] { 0xFF, 0xFE, 0x00, 0x7B })]);
        string metrics;
        await using (var node = Start(KafkaFirehose(exactlyOnce: true)))
        {
            var status = await node.WaitForPipelinesAsync("Running");
            metrics = await node.WaitForMetricsAsync(m => Count(m, Processed) + Count(m, Unparseable) + Count(m, ThrownAway) == 34, "34 messages");
            var module = status.GetProperty("modules").EnumerateArray().Single();
            Assert.Multiple(() =>
            {
                Assert.That(module.GetProperty("name").GetString(), Is.EqualTo("Kafka"));
                Assert.That(module.GetProperty("types").EnumerateArray().Select(t => t.GetString()), Is.EquivalentTo(new[] { "kafka", "kafka-0.8" }));
            });
            await node.TerminateAsync();
            Assert.That(node.ExitCode, Is.Zero, node.Output);
        }

        var rows = PersistedRows();
        Assert.Multiple(() =>
        {
            Assert.That(Count(metrics, Processed), Is.EqualTo(30), metrics);
            Assert.That(Count(metrics, Unparseable), Is.EqualTo(3), "not JSON, no timestamp, not UTF-8");
            Assert.That(Count(metrics, ThrownAway), Is.EqualTo(1), "the message without a value");
            Assert.That(rows.Select(r => (string?)r.Dimensions["id"]), Is.EquivalentTo(Enumerable.Range(0, 30).Select(i => $"g{i}")));
            Assert.That(rows.Sum(r => (long)r.Metrics["count"]!), Is.EqualTo(30));
            Assert.That(_cluster.Committed(Group, Topic, 3), Is.EqualTo(new long[] { 11, 11, 12 }), "the stop persisted and committed past every message");
        });
    }

    [Test]
    public async Task A_kafka_eight_spec_is_read_with_its_old_property_names()
    {
        _cluster.Produce(Topic, Enumerable.Range(0, 12).Select(i => (i % 3, (string?)KafkaSpecs.Row($"g{i}"))));
        var firehose = $$"""
            { "type": "kafka-0.8", "feed": "{{Topic}}",
              "consumerProps": { "bootstrap.servers": "{{_cluster.BootstrapServers}}", "zookeeper.connect": "localhost:2181",
                "zookeeper.session.timeout.ms": "15000", "group.id": "{{Group}}", "auto.offset.reset": "smallest", "auto.commit.enable": "true",
                "session.timeout.ms": "6000", "heartbeat.interval.ms": "500", "fetch.wait.max.ms": "10" } }
            """;
        string output;
        await using (var node = Start(firehose))
        {
            await node.WaitForMetricsAsync(m => Count(m, Processed) == 12, "12 processed rows");
            await node.TerminateAsync();
            output = node.Output;
        }

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("auto.offset.reset smallest is read as earliest").And.Contain("ignoring zookeeper.connect, zookeeper.session.timeout.ms")
                .And.Contain("auto.commit.enable = true is ignored"));
            Assert.That(PersistedRows().Select(r => (string?)r.Dimensions["id"]), Is.EquivalentTo(Enumerable.Range(0, 12).Select(i => $"g{i}")));
            Assert.That(_cluster.Committed(Group, Topic, 3), Is.EqualTo(new long[] { 4, 4, 4 }));
        });
    }

    /// <summary>
    /// 30 rows are persisted and committed; then commits fail while 35 more arrive, of which 30 are persisted (three
    /// persists of 10) and 5 stay in memory; the node is killed. Exactly-once: the restart resumes from the persisted
    /// offsets and every row counts once. At-least-once: it resumes from the committed offsets, so the 30 rows persisted
    /// after the last commit count twice, and none is lost.
    /// </summary>
    [TestCase(true, 65)]
    [TestCase(false, 95)]
    public async Task A_node_killed_between_persists_and_their_commits_loses_no_row(bool exactlyOnce, long expectedCount)
    {
        var firehose = KafkaFirehose(exactlyOnce);
        _cluster.Produce(Topic, Enumerable.Range(0, 30).Select(i => (i % 3, (string?)KafkaSpecs.Row($"e{i}"))));
        await using (var crashed = Start(firehose))
        {
            await crashed.WaitForStatusAsync(_ => _cluster.Committed(Group, Topic, 3).Sum() == 30, "three persists of 10 rows to commit");
            _cluster.FailCommits(1000, ErrorCode.OffsetMetadataTooLarge);
            _cluster.Produce(Topic, Enumerable.Range(30, 35).Select(i => (i % 3, (string?)KafkaSpecs.Row($"e{i}"))));
            await crashed.WaitForStatusAsync(_ => Occurrences(crashed.Output, CommitFailed) == 3, "three more persists whose commits fail");
            await crashed.WaitForMetricsAsync(m => Count(m, Processed) == 65, "65 processed rows");
            Assert.That(_cluster.Committed(Group, Topic, 3).Sum(), Is.EqualTo(30), "the group's offsets are behind the persisted rows");
            await crashed.KillAsync();
        }

        _cluster.ClearCommitFailures();
        string output;
        await using (var restarted = Start(firehose))
        {
            await restarted.WaitForMetricsAsync(m => Count(m, Processed) >= expectedCount - 60, "the rows not persisted before the crash");
            await restarted.TerminateAsync();
            output = restarted.Output;
        }

        var counts = PersistedRows().GroupBy(r => (string)r.Dimensions["id"]!).ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Metrics["count"]!));
        Assert.Multiple(() =>
        {
            Assert.That(counts.Keys, Is.EquivalentTo(Enumerable.Range(0, 65).Select(i => $"e{i}")), "no row is lost");
            Assert.That(counts.Values.Sum(), Is.EqualTo(expectedCount));
            Assert.That(counts.Values.Max(), Is.EqualTo(exactlyOnce ? 1 : 2));
            Assert.That(_cluster.Committed(Group, Topic, 3).Sum(), Is.EqualTo(65));
            Assert.That(output, exactlyOnce ? Does.Contain("resuming from the offsets stored with the last persist") : Does.Contain("at-least-once mode"));
        });
    }

    /// <summary>
    /// A node is killed (SIGKILL) with 5 rows read but not persisted and started again at once. With manual assignment
    /// it takes its partitions back without a group rebalance (which would wait for the group to expire the killed
    /// member), reads the 5 rows again from the persisted offsets and goes on with new ones: every row counts once.
    /// </summary>
    [Test]
    public async Task A_killed_node_started_again_reads_its_partitions_at_once_and_counts_every_row_once()
    {
        var firehose = KafkaFirehose(exactlyOnce: true);
        _cluster.Produce(Topic, Enumerable.Range(0, 30).Select(i => (i % 3, (string?)KafkaSpecs.Row($"k{i}"))));
        await using (var killed = Start(firehose))
        {
            await killed.WaitForStatusAsync(_ => _cluster.Committed(Group, Topic, 3).Sum() == 30, "three persists of 10 rows to commit");
            _cluster.Produce(Topic, Enumerable.Range(30, 5).Select(i => (i % 3, (string?)KafkaSpecs.Row($"k{i}"))));
            await killed.WaitForMetricsAsync(m => Count(m, Processed) == 35, "35 processed rows");
            await killed.KillAsync();
        }

        var restart = Stopwatch.StartNew();
        string output;
        await using (var restarted = Start(firehose))
        {
            await restarted.WaitForMetricsAsync(m => Count(m, Processed) > 0, "the restarted node to read");
            var consuming = restart.Elapsed;
            _cluster.Produce(Topic, Enumerable.Range(35, 6).Select(i => (i % 3, (string?)KafkaSpecs.Row($"k{i}"))));
            await restarted.WaitForMetricsAsync(m => Count(m, Processed) == 11, "the 5 rows read again and 6 new ones");
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Killed node started again: reading after {consuming.TotalSeconds:F1} s (process start to first row processed, polled every 0.2 s)."));
            await restarted.TerminateAsync();
            output = restarted.Output;
        }

        var counts = PersistedRows().GroupBy(r => (string)r.Dimensions["id"]!).ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Metrics["count"]!));
        Assert.Multiple(() =>
        {
            Assert.That(counts.Keys, Is.EquivalentTo(Enumerable.Range(0, 41).Select(i => $"k{i}")), "no row is lost");
            Assert.That(counts.Values.Sum(), Is.EqualTo(41), "every row once");
            Assert.That(_cluster.Committed(Group, Topic, 3).Sum(), Is.EqualTo(41));
            Assert.That(output, Does.Contain("resuming from the offsets stored with the last persist").And.Contain("assigning every partition itself"));
        });
    }

    /// <summary>
    /// The first node has read 30 rows and committed none when a second node joins the group. The revocation waits for
    /// those rows to be persisted and committed, so the second node starts after them. The cooperative assignor revokes
    /// while the group is stable, when the mock cluster accepts commits (it refuses them while members rejoin, which the
    /// eager assignors revoke in; Kafka brokers accept them there too).
    /// </summary>
    [Test]
    public async Task Two_nodes_of_one_group_share_the_partitions_and_a_committed_rebalance_repeats_no_row()
    {
        _cluster.Produce(Topic, Enumerable.Range(0, 30).Select(i => (i % 3, (string?)KafkaSpecs.Row($"old{i}"))));
        using var secondWorkspace = new NodeWorkspace();
        await using var first = Start(KafkaFirehose(exactlyOnce: true, "cooperative-sticky"), maxRowsInMemory: 1000);
        await first.WaitForMetricsAsync(m => Count(m, Processed) == 30, "the first node to read every partition");
        Assert.That(_cluster.Committed(Group, Topic, 3).Sum(), Is.Zero, "nothing persisted, nothing committed yet");

        await using var second = Start(KafkaFirehose(exactlyOnce: true, "cooperative-sticky"), maxRowsInMemory: 1000, secondWorkspace);
        await second.WaitForStatusAsync(_ => second.Output.Contains(Assigned + ", reading from: events[", StringComparison.Ordinal), "the second node to take partitions");
        _cluster.Produce(Topic, Enumerable.Range(0, 30).Select(i => (i % 3, (string?)KafkaSpecs.Row($"new{i}"))));
        await second.WaitForStatusAsync(_ => Count(first.MetricsAsync().GetAwaiter().GetResult(), Processed)
            + Count(second.MetricsAsync().GetAwaiter().GetResult(), Processed) >= 60, "60 rows between the two nodes");
        await first.TerminateAsync();
        await second.TerminateAsync();

        var rows = PersistedRows(_workspace).Concat(PersistedRows(secondWorkspace)).ToList();
        var expected = Enumerable.Range(0, 30).SelectMany(i => new[] { $"old{i}", $"new{i}" }).ToList();
        // When the revocation's commit does not reach the group in time (the mock cluster may refuse it while the
        // group settles), the partition is given up anyway, with a warning, and its next owner reads those rows again.
        var givenUpUncommitted = first.Output.Contains("revoked before the rows read from them were committed", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (string?)r.Dimensions["id"]).Distinct(), Is.EquivalentTo(expected), "no row is lost");
            Assert.That(rows.Sum(r => (long)r.Metrics["count"]!), givenUpUncommitted ? Is.InRange(60, 90) : Is.EqualTo(60),
                givenUpUncommitted ? "rows of a partition given up uncommitted are read again" : "every row once, on one node or the other");
            Assert.That(first.Output, Does.Contain("persisting and committing the rows read from them first"));
            Assert.That(PersistedRows(secondWorkspace), Is.Not.Empty, "the second node took partitions");
        });
    }

    private ServerProcess Start(string firehose, int maxRowsInMemory = 10, NodeWorkspace? workspace = null)
    {
        workspace ??= _workspace;
        var spec = workspace.Write("spec.json", $$"""
            [{
              "dataSchema": {
                "dataSource": "events",
                "parser": { "type": "string", "parseSpec": { "format": "json", "dimensionsSpec": { "dimensions": ["id"] } } },
                "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "value", "fieldName": "value" } ],
                "granularitySpec": { "segmentGranularity": "hour" }
              },
              "ioConfig": { "type": "realtime", "firehose": {{firehose}} },
              "tuningConfig": { "type": "realtime", "maxRowsInMemory": {{maxRowsInMemory}}, "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
            }]
            """);
        return ServerProcess.Start(workspace.Directory, ["--spec", spec, .. KafkaSpecs.PluginArguments]);
    }

    /// <summary>A <c>kafka</c> firehose spec; <paramref name="assignor"/> makes it a member of the group's rebalances.</summary>
    private string KafkaFirehose(bool exactlyOnce, string? assignor = null) => KafkaSpecs.Firehose(_cluster.BootstrapServers, Topic, Group, exactlyOnce, assignor);

    /// <summary>Every row of the persisted hydrants of the data source.</summary>
    private IReadOnlyList<IndexRow> PersistedRows() => PersistedRows(_workspace);

    private static IReadOnlyList<IndexRow> PersistedRows(NodeWorkspace workspace) => workspace.PersistedRows("events");

    private static long Count(string metrics, string counter) => ServerProcess.Counter(metrics, counter);

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
