using System.Text.Json;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Tests.Plugins;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>The firehose against librdkafka's mock cluster, in this process: partitions, poison messages, restarts, rebalances.</summary>
public sealed class KafkaFirehoseTests
{
    private const string Topic = "edits";
    private const string Group = "realtime";

    private MockCluster _cluster = null!;
    private RecordingLogger<KafkaFirehoseFactory> _log = null!;

    [SetUp]
    public void SetUp()
    {
        _cluster = MockCluster.Start();
        _log = new RecordingLogger<KafkaFirehoseFactory>();
    }

    [TearDown]
    public void TearDown() => _cluster.Dispose();

    [Test]
    public async Task Every_partition_is_read_and_poison_messages_are_skipped_without_blocking_their_partition()
    {
        _cluster.CreateTopic(Topic, 3);
        _cluster.Produce(Topic, [
            (0, KafkaSpecs.Row("a0")), (0, "{not json"), (0, KafkaSpecs.Row("a1")),
            (1, KafkaSpecs.Row("b0")), (1, null), (1, KafkaSpecs.Row("b1")),
            (2, """{"id":"no-time"}"""), (2, KafkaSpecs.Row("c0")), (2, KafkaSpecs.Row("c1")),
        ]);
        await using var firehose = await ConnectAsync();

        var read = await ReadAsync(firehose, until: r => r.Count == 9);
        var committer = firehose.MakeCommitter();
        committer.Run();

        Assert.Multiple(() =>
        {
            Assert.That(read.Where(r => r.Id is not null).Select(r => r.Id), Is.EquivalentTo(new[] { "a0", "a1", "b0", "b1", "c0", "c1" }));
            Assert.That(read.Select(r => r.Id).Where(id => id?.StartsWith('a') == true), Is.EqualTo(new[] { "a0", "a1" }), "one partition's order");
            Assert.That(read.Count(r => r is { Id: null, Error: null }), Is.EqualTo(1), "the message without a value yields no row");
            Assert.That(read.Select(r => r.Error).OfType<string>(), Has.Exactly(1).StartsWith("edits[0]@1: ").And.Exactly(1).StartsWith("edits[2]@0: "));
            Assert.That(committer.Metadata!.Value.GetRawText(), Is.EqualTo("""{"offsets":{"edits":{"0":3,"1":3,"2":3}}}"""));
            Assert.That(_cluster.Committed(Group, Topic, 3), Is.EqualTo(new long[] { 3, 3, 3 }));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_restart_resumes_from_the_persisted_offsets_in_exactly_once_mode_and_from_the_group_otherwise(bool exactlyOnce)
    {
        _cluster.CreateTopic(Topic, 2);
        var all = Enumerable.Range(0, 20).Select(i => $"e{i}").ToList();
        _cluster.Produce(Topic, all.Select((id, i) => (i % 2, (string?)KafkaSpecs.Row(id))));
        List<Read> committedRows, persistedRows;
        JsonElement? persisted;
        await using (var crashed = await ConnectAsync(exactlyOnce))
        {
            committedRows = await ReadAsync(crashed, until: r => r.Count == 6);
            crashed.MakeCommitter().Run();
            persistedRows = await ReadAsync(crashed, until: r => r.Count == 6);
            persisted = crashed.MakeCommitter().Metadata;
        }

        await using var restarted = await ConnectAsync(exactlyOnce, persisted);
        _cluster.Produce(Topic, [(0, KafkaSpecs.Row("end-0")), (1, KafkaSpecs.Row("end-1"))]);
        var read = await ReadAsync(restarted, until: r => r.Count(x => x.Id?.StartsWith("end") == true) == 2);

        var expected = all.Except(committedRows.Select(r => r.Id!));
        if (exactlyOnce)
        {
            expected = expected.Except(persistedRows.Select(r => r.Id!));
        }

        Assert.Multiple(() =>
        {
            Assert.That(persisted is null, Is.EqualTo(!exactlyOnce), "only exactly-once mode stores offsets with a persist");
            Assert.That(read.Select(r => r.Id), Is.EquivalentTo(expected.Append("end-0").Append("end-1")));
        });
    }

    [Test]
    public async Task Manual_assignment_reads_the_listed_partitions_only_and_commits_to_the_group_without_joining_it()
    {
        _cluster.CreateTopic(Topic, 3);
        _cluster.Produce(Topic, Enumerable.Range(0, 9).Select(i => (i % 3, (string?)KafkaSpecs.Row($"p{i % 3}-{i / 3}"))));
        await using var firehose = await ConnectAsync(partitions: [0, 2]);

        var read = await ReadAsync(firehose, until: r => r.Count == 6);
        firehose.MakeCommitter().Run();

        Assert.Multiple(() =>
        {
            Assert.That(read.Select(r => r.Id), Is.EquivalentTo(new[] { "p0-0", "p0-1", "p0-2", "p2-0", "p2-1", "p2-2" }));
            Assert.That(_cluster.Committed(Group, Topic, 3), Is.EqualTo(new long[] { 3, 0, 3 }));
            Assert.That(_log.Entries.Select(e => e.Message), Has.Some.Contains("assigning partitions 0, 2 itself"));
        });
    }

    [Test]
    public async Task Manual_assignment_with_a_pattern_reads_every_matching_topic_and_no_other()
    {
        _cluster.CreateTopic("wiki-en", 2);
        _cluster.CreateTopic("wiki-de", 1);
        _cluster.CreateTopic("pages", 1);
        _cluster.Produce("wiki-en", [(0, KafkaSpecs.Row("en0")), (1, KafkaSpecs.Row("en1"))]);
        _cluster.Produce("wiki-de", [(0, KafkaSpecs.Row("de0"))]);
        _cluster.Produce("pages", [(0, KafkaSpecs.Row("page0"))]);
        await using var firehose = await ConnectAsync(topicPattern: "wiki-.*");

        var read = await ReadAsync(firehose, until: r => r.Count == 3);
        _cluster.Produce("pages", [(0, KafkaSpecs.Row("page1"))]);
        _cluster.Produce("wiki-de", [(0, KafkaSpecs.Row("de1"))]);
        read.AddRange(await ReadAsync(firehose, until: r => r.Count == 1));

        Assert.That(read.Select(r => r.Id), Is.EquivalentTo(new[] { "en0", "en1", "de0", "de1" }));
    }

    [Test]
    public async Task Group_members_share_the_partitions_and_a_rebalance_neither_repeats_nor_loses_rows_nor_moves_commits_back()
    {
        _cluster.CreateTopic(Topic, 4);
        _cluster.Produce(Topic, Enumerable.Range(0, 40).Select(i => (i % 4, (string?)KafkaSpecs.Row($"old{i}"))));
        await using var first = await ConnectAsync(assignment: "group");
        await ReadAsync(first, until: r => r.Count == 40);
        var beforeRebalance = first.MakeCommitter();
        beforeRebalance.Run();

        var secondLog = new RecordingLogger<KafkaFirehoseFactory>();
        await using var second = await ConnectAsync(log: secondLog, assignment: "group");
        await WaitUntilAsync(() => HoldsPartitions(_log, afterRevocation: true) && HoldsPartitions(secondLog, afterRevocation: false), "both members to get partitions");
        _cluster.Produce(Topic, Enumerable.Range(0, 40).Select(i => (i % 4, (string?)KafkaSpecs.Row($"new{i}")))
            .Concat(Enumerable.Range(0, 4).Select(p => (p, (string?)KafkaSpecs.Row($"end{p}")))));
        var ends = 0;
        using var allEnds = new CancellationTokenSource();
        void CountEnds(Read read)
        {
            if (read.Id?.StartsWith("end", StringComparison.Ordinal) == true && Interlocked.Increment(ref ends) == 4)
            {
                allEnds.Cancel();
            }
        }

        var reads = await Task.WhenAll(
            ReadAsync(first, until: _ => false, CountEnds, allEnds.Token),
            ReadAsync(second, until: _ => false, CountEnds, allEnds.Token));
        second.MakeCommitter().Run();
        var committedBySecond = _cluster.Committed(Group, Topic, 4);
        beforeRebalance.Run();

        Assert.Multiple(() =>
        {
            Assert.That(reads[0].Concat(reads[1]).Select(r => r.Id),
                Is.EquivalentTo(Enumerable.Range(0, 40).Select(i => $"new{i}").Concat(Enumerable.Range(0, 4).Select(p => $"end{p}"))));
            Assert.That(reads[0], Is.Not.Empty);
            Assert.That(reads[1], Is.Not.Empty);
            Assert.That(_cluster.Committed(Group, Topic, 4), Is.EqualTo(committedBySecond),
                "the first member's commit from before the rebalance leaves the second member's partitions alone");
        });
    }

    private async Task<IFirehose> ConnectAsync(bool exactlyOnce = true, JsonElement? persisted = null, RecordingLogger<KafkaFirehoseFactory>? log = null,
        string? assignment = null, IReadOnlyList<int>? partitions = null, string? topicPattern = null)
    {
        var factory = new KafkaFirehoseFactory
        {
            BootstrapServers = _cluster.BootstrapServers,
            Topic = topicPattern is null ? Topic : null,
            TopicPattern = topicPattern,
            GroupId = Group,
            ExactlyOnce = exactlyOnce,
            Assignment = assignment,
            Partitions = partitions,
            ConsumerProperties = new Dictionary<string, JsonElement>
            {
                ["auto.offset.reset"] = JsonSerializer.SerializeToElement("earliest"),
                ["fetch.wait.max.ms"] = JsonSerializer.SerializeToElement(10),
                // The mock cluster waits up to the session timeout for members to rejoin a rebalance; frequent heartbeats
                // keep a busy machine from timing a member out and starting another one.
                ["session.timeout.ms"] = JsonSerializer.SerializeToElement(6000),
                ["heartbeat.interval.ms"] = JsonSerializer.SerializeToElement(500),
            },
        };
        return await factory.ConnectAsync(KafkaSpecs.Parser(), KafkaSpecs.Context(log ?? _log, persisted), CancellationToken.None);
    }

    /// <summary>
    /// Reads messages, each as its row's id, no row, or its parse error, until <paramref name="until"/> holds or
    /// <paramref name="stop"/> is cancelled.
    /// </summary>
    private static async Task<List<Read>> ReadAsync(IFirehose firehose, Func<List<Read>, bool> until, Action<Read>? onRead = null, CancellationToken stop = default)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(stop);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        var read = new List<Read>();
        try
        {
            while (!until(read) && await firehose.HasMoreAsync(patience.Token))
            {
                Read one;
                try
                {
                    one = new Read(firehose.NextRow()?.GetDimension("id")[0], null);
                }
                catch (ParseException e)
                {
                    one = new Read(null, e.Message);
                }

                read.Add(one);
                onRead?.Invoke(one);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return read;
    }

    /// <summary>Whether the member's last rebalance gave it partitions (after it gave some up, when asked).</summary>
    private static bool HoldsPartitions(RecordingLogger<KafkaFirehoseFactory> log, bool afterRevocation)
    {
        lock (log.Entries)
        {
            var rebalances = log.Entries.Select(e => e.Message).Where(m => m.StartsWith("Kafka partitions", StringComparison.Ordinal)).ToList();
            return rebalances.Count > 0 && rebalances[^1].StartsWith("Kafka partitions assigned", StringComparison.Ordinal) && rebalances[^1].Contains('@')
                && (!afterRevocation || rebalances.Any(m => m.StartsWith("Kafka partitions revoked", StringComparison.Ordinal)));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (patience.Elapsed > TimeSpan.FromMinutes(1))
            {
                Assert.Fail($"Gave up waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>One message as the ingest loop saw it.</summary>
    private sealed record Read(string? Id, string? Error);
}
