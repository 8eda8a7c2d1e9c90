using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Realtime.Testing;
using Edit = Realtime.Plugins.Kafka.Tests.EditStream.Edit;
using Question = Realtime.Plugins.Kafka.Tests.EditStream.Question;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>
/// Several realtime nodes on one stream behind a broker, all node processes, with real ZooKeeper and PostgreSQL and
/// librdkafka's mock Kafka cluster: two shards of a 4-partition topic (numbered shard specs, 2 partitions each), a replica
/// of shard 0 reading the same partitions in another consumer group, 2 historicals and a broker. The broker's answers
/// are compared with the same aggregations computed from the produced events at every stage of the segments' life, and
/// while nodes die.
/// </summary>
/// <remarks>
/// Each realtime node's firehose ends after the last message the test produces for it (<c>fixedCount</c> around the
/// <c>kafka</c> firehose), so the nodes finish their job and hand off when the test chooses, as the local firehose of the
/// server's cluster tests does; <c>rejectionPolicy: none</c> takes the hourly segments of a past day.
/// </remarks>
[NonParallelizable]
public sealed class BrokerClusterTests
{
    private const string Topic = "edits";
    private const string DataSource = "edits";
    private const int Partitions = 4;
    private const int MaxRowsInMemory = 40;
    private const string Processed = "realtime_ingest_events_processed_total";
    private const string RowsPersisted = "realtime_ingest_rows_output_total";
    private const string HandedOff = "realtime_ingest_handoff_count_total";
    private const string SegmentsMissing = "Segments missing";
    private static readonly DateTime Day = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly RealtimeNode Shard0 = new("shard-0", 0, [0, 1], "edits");
    private static readonly RealtimeNode Shard1 = new("shard-1", 1, [2, 3], "edits");
    private static readonly RealtimeNode Replica = new("replica-0", 0, [0, 1], "edits-replica");

    private readonly List<ServerProcess> _processes = [];
    private ClusterServers _servers = null!;
    private MockCluster _kafka = null!;
    private TestCluster _cluster = null!;
    private EditStream _edits = null!;
    private ServerProcess _broker = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        KafkaSpecs.AssertPluginBuilt();
        _servers = await ClusterServers.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServers() => await _servers.DisposeAsync();

    [SetUp]
    public async Task CreateCluster()
    {
        _cluster = await _servers.CreateClusterAsync();
        _kafka = MockCluster.Start();
        _kafka.CreateTopic(Topic, Partitions);
        _edits = new EditStream(DataSource, Day, Partitions);
    }

    [TearDown]
    public async Task StopCluster()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        _kafka.Dispose();
        _cluster.Dispose();
    }

    /// <summary>
    /// Stages, each checked against the produced events: rows in memory; the replica killed (exact or missing while the
    /// broker still sees it, then exact) and started again; every row persisted; persisted rows and rows in memory;
    /// shard 1 killed (no copy left: the answer names its segments, and a partial answer lists them and sums the rest)
    /// and started again; handoff to the historicals, asked continuously; one historical killed.
    /// </summary>
    [Test]
    public async Task The_broker_answers_exactly_while_segments_move_and_names_the_segments_no_live_node_has()
    {
        var clock = Stopwatch.StartNew();
        // Each shard's sinks hold 10 rows of the first batch; the second batch brings its hour 4 sink to
        // maxRowsInMemory with the shard's last message, so that message persists every sink.
        var inMemory = _edits.Plan([0, 1, 2, 3], perPartition: 5);
        var persisting = _edits.Plan([4], perPartition: MaxRowsInMemory / 2);
        var onTop = _edits.Plan([0, 1, 2, 3, 4, 5], perPartition: 2);
        var last = _edits.Plan([5], perPartition: 1);
        IReadOnlyList<Edit>[] all = [inMemory, persisting, onTop, last];

        var historical1 = Track(_cluster.StartHistorical("historical-1"));
        var historical2 = Track(_cluster.StartHistorical("historical-2"));
        _broker = Track(_cluster.StartBroker("broker"));
        var shard0 = StartRealtime(Shard0, all);
        var shard1 = StartRealtime(Shard1, all);
        var replica = StartRealtime(Replica, all);
        await EventuallyAsync("the broker's inventory", async () =>
            (await _broker.Http.GetFromJsonAsync<JsonElement>("/druid/broker/v1/loadstatus")).GetProperty("inventoryInitialized").GetBoolean());
        foreach (var node in new[] { shard0, shard1, replica })
        {
            await node.WaitForPipelinesAsync("Running");
        }

        Progress(clock, "cluster started");

        _edits.Produce(_kafka, Topic, inMemory);
        await WaitForProcessedAsync((shard0, Shard0, [inMemory]), (shard1, Shard1, [inMemory]), (replica, Replica, [inMemory]));
        await WaitForViewAsync("the live sinks", Live(shard0, shard1, replica));
        foreach (var node in new[] { shard0, shard1, replica })
        {
            Assert.That(ServerProcess.Counter(await node.MetricsAsync(), RowsPersisted), Is.Zero, "nothing persisted yet");
        }

        await AssertExactAsync("rows in memory");
        Progress(clock, "rows in memory: exact");

        await replica.KillAsync();
        var replicaKilled = await AskUntilViewAsync("the replica killed", Live(shard0, shard1), allowMissing: true);
        await AssertExactAsync("the replica gone from the broker's view");
        replica = StartRealtime(Replica, all);
        await WaitForProcessedAsync((replica, Replica, [inMemory]));
        await WaitForViewAsync("the restarted replica's sinks", Live(shard0, shard1, replica));
        await AssertExactAsync("the replica restarted");
        Progress(clock, $"replica killed and restarted: exact ({replicaKilled})");

        _edits.Produce(_kafka, Topic, persisting);
        await WaitForProcessedAsync((shard0, Shard0, [inMemory, persisting]), (shard1, Shard1, [inMemory, persisting]), (replica, Replica, [inMemory, persisting]));
        await WaitForPersistedAsync((shard0, Shard0, [inMemory, persisting]), (shard1, Shard1, [inMemory, persisting]), (replica, Replica, [inMemory, persisting]));
        await WaitForViewAsync("the hour 4 sinks", Live(shard0, shard1, replica));
        await AssertExactAsync("every row persisted");
        Progress(clock, "every row persisted: exact");

        _edits.Produce(_kafka, Topic, onTop);
        await WaitForProcessedAsync((shard0, Shard0, [inMemory, persisting, onTop]), (shard1, Shard1, [inMemory, persisting, onTop]), (replica, Replica, [inMemory, persisting, onTop]));
        await WaitForViewAsync("the hour 5 sinks", Live(shard0, shard1, replica));
        await AssertExactAsync("persisted rows and rows in memory");
        Progress(clock, "persisted rows and rows in memory: exact");

        // Shard 1 has no copy: once the broker no longer sees it, every answer must name its segments.
        await shard1.KillAsync();
        var shard1Killed = await AskUntilViewAsync("shard 1 killed", Live(shard0, null, replica), allowMissing: true);
        await AssertMissingAsync("shard 1 dead", Segments(Shard1.PartitionNum));
        // It resumes from the offsets of its last persist: the rows of the third batch are read again.
        shard1 = StartRealtime(Shard1, [onTop, last]);
        await WaitForProcessedAsync((shard1, Shard1, [onTop]));
        await WaitForViewAsync("the restarted shard's sinks", Live(shard0, shard1, replica));
        await AssertExactAsync("shard 1 restarted");
        Progress(clock, $"shard 1 killed and restarted: exact ({shard1Killed})");

        _edits.Produce(_kafka, Topic, last);
        await WaitForProcessedAsync((shard0, Shard0, all), (shard1, Shard1, [onTop, last]), (replica, Replica, all));
        var handoff = await AskThroughHandoffAsync([shard0, shard1, replica], Served(historical1, historical2));
        var segments = Segments(0).Count + Segments(1).Count;
        Assert.Multiple(async () =>
        {
            Assert.That(await _cluster.PublishedSegmentsAsync(), Has.Count.EqualTo(segments), "the replica publishes the same segments as shard 0");
            foreach (var (node, name) in new[] { (shard0, "shard 0"), (shard1, "shard 1"), (replica, "the replica") })
            {
                Assert.That(ServerProcess.Counter(await node.MetricsAsync(), HandedOff), Is.EqualTo(segments / 2), $"{name} hands off each of its segments");
            }
        });
        await AssertExactAsync("after handoff");
        await AssertSqlAsync("after handoff", segments);
        Progress(clock, $"handoff: exact ({handoff})");

        await historical1.KillAsync();
        var historicalKilled = await AskUntilViewAsync("historical-1 killed", Served(historical2), allowMissing: true);
        await AssertExactAsync("one historical left");
        Progress(clock, $"historical-1 killed: exact ({historicalKilled})");
    }

    private ServerProcess Track(ServerProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts a realtime node whose firehose ends after the messages of <paramref name="toRead"/> in its partitions.</summary>
    private ServerProcess StartRealtime(RealtimeNode node, IEnumerable<IReadOnlyList<Edit>> toRead)
    {
        var firehose = KafkaSpecs.Firehose(_kafka.BootstrapServers, Topic, node.Group, exactlyOnce: true, partitions: node.Partitions);
        var spec = Path.Combine(_cluster.Workspace(node.Name), "spec.json");
        File.WriteAllText(spec, $$"""
            [{
              "dataSchema": {
                "dataSource": "{{DataSource}}",
                "parser": { "type": "string", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "iso" }, "dimensionsSpec": { "dimensions": ["page"] } } },
                "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "added", "fieldName": "added" }, { "type": "hyperUnique", "name": "users", "fieldName": "user" } ],
                "granularitySpec": { "segmentGranularity": "hour", "queryGranularity": "none" }
              },
              "ioConfig": { "type": "realtime", "firehose": { "type": "fixedCount", "count": {{node.Count(toRead)}}, "delegate": {{firehose}} } },
              "tuningConfig": { "type": "realtime", "maxRowsInMemory": {{MaxRowsInMemory}}, "intermediatePersistPeriod": "PT1H", "basePersistDirectory": "data/persist",
                "rejectionPolicy": { "type": "none" }, "shardSpec": { "type": "numbered", "partitionNum": {{node.PartitionNum}}, "partitions": 2 } }
            }]
            """);
        return Track(_cluster.StartRealtime(node.Name, spec, KafkaSpecs.PluginArguments));
    }

    private static async Task WaitForProcessedAsync(params (ServerProcess Process, RealtimeNode Node, IReadOnlyList<Edit>[] Batches)[] nodes)
    {
        foreach (var (process, node, batches) in nodes)
        {
            var expected = node.Count(batches);
            var metrics = await process.WaitForMetricsAsync(m => ServerProcess.Counter(m, Processed) >= expected, $"{node.Name} to process {expected} events");
            Assert.That(ServerProcess.Counter(metrics, Processed), Is.EqualTo(expected), $"{node.Name} reads each of its messages once");
        }
    }

    private static async Task WaitForPersistedAsync(params (ServerProcess Process, RealtimeNode Node, IReadOnlyList<Edit>[] Batches)[] nodes)
    {
        foreach (var (process, node, batches) in nodes)
        {
            var expected = node.Count(batches);
            await process.WaitForMetricsAsync(m => ServerProcess.Counter(m, RowsPersisted) == expected, $"{node.Name} to persist {expected} rows");
        }
    }

    /// <summary>Asks every question once; fails on a wrong answer and, unless <paramref name="allowMissing"/>, on a missing-segments answer.</summary>
    /// <returns>Whether every answer was exact (false: some answer said segments are missing).</returns>
    private async Task<bool> AskAsync(string stage, bool allowMissing)
    {
        var exact = true;
        foreach (var question in _edits.Questions)
        {
            var (status, body) = await _broker.PostQueryAsync(question.Query);
            if (status == HttpStatusCode.OK)
            {
                AssertAnswer(stage, question, body, _edits.Produced);
            }
            else if (allowMissing && IsSegmentsMissing(body))
            {
                Assert.That(body.GetProperty("errorMessage").GetString(), Does.Contain(IntervalOf(0)[..10]), $"{stage}: the error names the segments of the day");
                exact = false;
            }
            else
            {
                Assert.Fail($"{stage}: the broker answered the {question.Name} with {(int)status}: {body}\nquery: {question.Query}\n{Tail(_broker)}");
            }
        }

        return exact;
    }

    private Task AssertExactAsync(string stage) => AskAsync(stage, allowMissing: false);

    /// <summary>Asks until the broker's view is <paramref name="locations"/>; every answer is exact or, when allowed, names missing segments.</summary>
    private async Task<string> AskUntilViewAsync(string stage, Func<int, IReadOnlySet<string>> locations, bool allowMissing)
    {
        var waited = Stopwatch.StartNew();
        var (rounds, missing) = (0, 0);
        while (true)
        {
            rounds++;
            missing += await AskAsync(stage, allowMissing) ? 0 : 1;
            if (Matches(await ViewAsync(), locations))
            {
                return $"{rounds} rounds of questions, {missing} of them with segments missing";
            }

            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"{stage}: gave up waiting for the broker's view to change; it is:\n{Describe(await ViewAsync())}\n{Tail(_broker)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Asks continuously, one question after another, from the moment every realtime node has read its last message
    /// until each has finished and the broker sees every segment on the historicals only; every answer must be exact.
    /// </summary>
    private async Task<string> AskThroughHandoffAsync(IReadOnlyList<ServerProcess> realtime, Func<int, IReadOnlySet<string>> served)
    {
        var waited = Stopwatch.StartNew();
        using var handedOff = new CancellationTokenSource();
        var rounds = 0;
        var asking = Task.Run(async () =>
        {
            while (!handedOff.IsCancellationRequested)
            {
                await AskAsync("handoff", allowMissing: false);
                rounds++;
            }
        });
        var historicals = served(0);
        var (views, mixed) = (0, 0);
        try
        {
            while (!asking.IsCompleted)
            {
                var view = await ViewAsync();
                views++;
                mixed += view.Values.Any(l => l.Overlaps(historicals)) && view.Values.Any(l => !l.IsSubsetOf(historicals)) ? 1 : 0;
                if (Matches(view, served) && (await Task.WhenAll(realtime.Select(PipelinesFinishedAsync))).All(finished => finished))
                {
                    break;
                }

                if (waited.Elapsed > Patience)
                {
                    Assert.Fail($"handoff: gave up waiting for the historicals to serve every segment; the broker's view is:\n{Describe(view)}\n{Tail(_broker)}");
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            await handedOff.CancelAsync();
            await asking;
        }

        return $"{rounds} rounds of questions; {mixed} of {views} views of the broker had segments on realtime nodes and on historicals";
    }

    /// <summary>
    /// Every question is answered with the "Segments missing" error naming a segment of <paramref name="missing"/>; with
    /// <c>returnPartialResults</c> the answer lists exactly those segments and sums the rest.
    /// </summary>
    private async Task AssertMissingAsync(string stage, IReadOnlySet<(int Hour, int Part)> missing)
    {
        foreach (var question in _edits.Questions)
        {
            var (status, body) = await _broker.PostQueryAsync(question.Query);
            Assert.That(IsSegmentsMissing(body), Is.True, $"{stage}: the {question.Name} must fail with \"{SegmentsMissing}\"; got {(int)status}: {body}");
            var message = body.GetProperty("errorMessage").GetString()!;
            Assert.That(missing.Where(s => !Regex.IsMatch(message, $"{Regex.Escape(IntervalOf(s.Hour))}[^,]* partition {s.Part}\\b")), Is.Empty,
                $"{stage}: the error names every missing segment: {message}");
        }

        var partial = _edits.Questions[0];
        var query = JsonNode.Parse(partial.Query)!.AsObject();
        query["context"] = new JsonObject { ["returnPartialResults"] = true };
        using var response = await _broker.Http.PostAsync("/druid/v2", new StringContent(query.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{stage}: a partial answer is asked for: {text}");
        Assert.That(response.Headers.TryGetValues("X-Druid-Response-Context", out var context), Is.True, $"{stage}: a partial answer has a response context");
        var listed = JsonDocument.Parse(context!.Single()).RootElement.GetProperty("missingSegments").EnumerateArray()
            .Select(s => (Hour: HourOf(s.GetProperty("itvl").GetString()!), Part: s.GetProperty("part").GetInt32())).ToHashSet();
        Assert.That(listed, Is.EquivalentTo(missing), $"{stage}: the missing segments of a partial answer");
        AssertAnswer($"{stage} (partial answer)", partial, JsonDocument.Parse(text).RootElement, _edits.Produced.Where(e => !missing.Contains(SegmentOf(e))).ToList());
    }

    /// <summary>
    /// Druid SQL through the broker: a grouping over the whole cluster, the data source's columns in
    /// <c>INFORMATION_SCHEMA</c> (typed from the data nodes' segment metadata) and its segments in <c>sys.segments</c>.
    /// </summary>
    private async Task AssertSqlAsync(string stage, int segments)
    {
        async Task<JsonElement> SqlAsync(string sql)
        {
            using var response = await _broker.Http.PostAsync("/druid/v2/sql",
                new StringContent(new JsonObject { ["query"] = sql, ["resultFormat"] = "array" }.ToJsonString(), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{stage}: {sql} answered {text}\n{Tail(_broker)}");
            return JsonDocument.Parse(text).RootElement;
        }

        var pages = await SqlAsync($"SELECT page, SUM(\"count\"), SUM(added) FROM \"{DataSource}\" GROUP BY page ORDER BY page");
        var expected = _edits.Produced.GroupBy(e => e.Page).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()} {g.Sum(e => e.Added)}"));
        Assert.That(pages.EnumerateArray().Select(r => string.Create(CultureInfo.InvariantCulture, $"{r[0].GetString()} {r[1].GetInt64()} {r[2].GetInt64()}")),
            Is.EqualTo(expected), $"{stage}: SQL over the cluster sums every produced edit");

        var columns = await SqlAsync($"SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '{DataSource}' ORDER BY ORDINAL_POSITION");
        Assert.That(columns.EnumerateArray().Select(r => $"{r[0].GetString()} {r[1].GetString()}"),
            Is.EqualTo(new[] { "__time TIMESTAMP", "added BIGINT", "count BIGINT", "page VARCHAR", "users OTHER" }), $"{stage}: the data source's columns");

        var listed = await SqlAsync($"SELECT COUNT(*) FROM sys.segments WHERE datasource = '{DataSource}' AND is_published = 1 AND is_available = 1");
        Assert.That(listed[0][0].GetInt64(), Is.EqualTo(segments), $"{stage}: sys.segments lists every segment, published and served by the historicals");
    }

    private void AssertAnswer(string stage, Question question, JsonElement answer, IReadOnlyList<Edit> edits)
    {
        var expected = question.Expect(edits);
        var answered = question.Read(answer);
        if (!expected.SequenceEqual(answered))
        {
            var (expectedRows, answeredRows) = (Question.Rows(expected), Question.Rows(answered));
            var verdict = answeredRows < expectedRows ? "short of" : answeredRows > expectedRows ? "more than" : "different from";
            Assert.Fail($"""
                {stage}: the broker's answer to the {question.Name} is {verdict} what the produced events give ({answeredRows} rows counted, {expectedRows} expected).
                query: {question.Query}
                expected:
                  {string.Join("\n  ", expected)}
                answered:
                  {string.Join("\n  ", answered)}
                {Tail(_broker)}
                """);
        }

        if (question.BadEstimates?.Invoke(answer, edits) is { Count: > 0 } bad)
        {
            Assert.Fail($"{stage}: estimates of the {question.Name} are off:\n  {string.Join("\n  ", bad)}\nquery: {question.Query}");
        }
    }

    private static bool IsSegmentsMissing(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) && error.GetString() == SegmentsMissing;

    /// <summary>Where the broker sees each segment of the day: (hour, partition number) to server names.</summary>
    private async Task<IReadOnlyDictionary<(int Hour, int Part), IReadOnlySet<string>>> ViewAsync()
    {
        var candidates = await _broker.Http.GetFromJsonAsync<JsonElement>($"/druid/v2/datasources/{DataSource}/candidates?intervals={Day:yyyy-MM-dd}/P1D");
        return candidates.EnumerateArray().ToDictionary(
            c => (HourOf(c.GetProperty("interval").GetString()!), c.GetProperty("partitionNumber").GetInt32()),
            c => (IReadOnlySet<string>)c.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToHashSet());
    }

    private async Task WaitForViewAsync(string what, Func<int, IReadOnlySet<string>> locations)
    {
        IReadOnlyDictionary<(int, int), IReadOnlySet<string>> view = new Dictionary<(int, int), IReadOnlySet<string>>();
        await EventuallyAsync($"the broker to see {what}", async () => Matches(view = await ViewAsync(), locations), () => Describe(view));
    }

    /// <summary>Whether the view holds every segment produced so far whose partition has servers, each on exactly those servers.</summary>
    private bool Matches(IReadOnlyDictionary<(int Hour, int Part), IReadOnlySet<string>> view, Func<int, IReadOnlySet<string>> locations)
    {
        var expected = _edits.Produced.Select(SegmentOf).Distinct().Where(s => locations(s.Part).Count > 0).ToHashSet();
        return view.Keys.ToHashSet().SetEquals(expected) && expected.All(s => view[s].SetEquals(locations(s.Part)));
    }

    /// <summary>The segments of partition <paramref name="part"/> produced so far.</summary>
    private IReadOnlySet<(int Hour, int Part)> Segments(int part) => _edits.Produced.Select(SegmentOf).Where(s => s.Part == part).ToHashSet();

    private (int Hour, int Part) SegmentOf(Edit edit) => (_edits.HourOf(edit.Time), edit.Partition * 2 / Partitions);

    private int HourOf(string interval) =>
        _edits.HourOf(DateTime.Parse(interval[..interval.IndexOf('/', StringComparison.Ordinal)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));

    private static string IntervalOf(int hour) =>
        string.Create(CultureInfo.InvariantCulture, $"{Day.AddHours(hour):yyyy-MM-dd'T'HH':00:00.000Z'}/{Day.AddHours(hour + 1):yyyy-MM-dd'T'HH':00:00.000Z'}");

    /// <summary>Partition 0 served by <paramref name="shard0"/> and <paramref name="replica"/>, partition 1 by <paramref name="shard1"/>; null for a dead node.</summary>
    private static Func<int, IReadOnlySet<string>> Live(ServerProcess? shard0, ServerProcess? shard1, ServerProcess? replica = null)
    {
        var part0 = new[] { shard0, replica }.OfType<ServerProcess>().Select(n => n.HostAndPort).ToHashSet();
        var part1 = new[] { shard1 }.OfType<ServerProcess>().Select(n => n.HostAndPort).ToHashSet();
        return part => part == 0 ? part0 : part1;
    }

    /// <summary>Every segment served by every one of <paramref name="historicals"/>.</summary>
    private static Func<int, IReadOnlySet<string>> Served(params ServerProcess[] historicals)
    {
        var names = historicals.Select(n => n.HostAndPort).ToHashSet();
        return _ => names;
    }

    private static async Task<bool> PipelinesFinishedAsync(ServerProcess node) =>
        (await node.Http.GetFromJsonAsync<JsonElement>("/status")).GetProperty("pipelines").EnumerateArray().All(p => p.GetProperty("state").GetString() == "Finished");

    private async Task EventuallyAsync(string what, Func<Task<bool>> condition, Func<string>? describe = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_broker.HasExited || waited.Elapsed > Patience)
            {
                Assert.Fail($"Gave up waiting for {what}.\n{describe?.Invoke()}\n{Tail(_broker)}");
            }

            await Task.Delay(200);
        }
    }

    private static string Describe(IReadOnlyDictionary<(int Hour, int Part), IReadOnlySet<string>> view) =>
        string.Join("\n", view.OrderBy(s => s.Key).Select(s => $"  hour {s.Key.Hour} partition {s.Key.Part}: {string.Join(", ", s.Value.Order(StringComparer.Ordinal))}"));

    private static string Tail(ServerProcess node)
    {
        var output = node.Output;
        return "broker output (end):\n" + output[Math.Max(0, output.Length - 4000)..];
    }

    private static void Progress(Stopwatch clock, string stage) =>
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:F1} s  {stage}"));

    /// <summary>A realtime node of the test: its working directory, shard, Kafka partitions and consumer group.</summary>
    private sealed record RealtimeNode(string Name, int PartitionNum, int[] Partitions, string Group)
    {
        /// <summary>How many of the edits are in this node's partitions.</summary>
        public int Count(IEnumerable<IReadOnlyList<Edit>> batches) => batches.Sum(b => b.Count(e => Partitions.Contains(e.Partition)));
    }
}
