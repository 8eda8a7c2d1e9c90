using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Realtime.Plugins.Formats.Tests.Avro;
using Realtime.Plugins.Kafka.Tests;
using Realtime.Testing;

namespace Realtime.Plugins.Formats.Tests;

/// <summary>
/// The node as a process with the Kafka and Formats plugins loaded from <c>plugins/</c>, reading Avro records in
/// Confluent's wire format from a mock Kafka cluster, their schemas from an in-test schema registry.
/// </summary>
[NonParallelizable]
public sealed class AvroKafkaNodeTests
{
    private const string Topic = "edits";
    private const string Group = "realtime-avro";
    private const string Processed = "realtime_ingest_events_processed_total";
    private const string Unparseable = "realtime_ingest_events_unparseable_total";
    private const string CommitFailed = "Kafka commit of persisted offsets failed";

    private const string EditV1 = """
        {"type": "record", "name": "Edit", "namespace": "wiki", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "page", "type": "string"},
          {"name": "added", "type": "int"},
          {"name": "geo", "type": {"type": "record", "name": "Geo", "fields": [{"name": "city", "type": "string"}]}}]}
        """;

    private const string EditV2 = """
        {"type": "record", "name": "Edit", "namespace": "wiki", "fields": [
          {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "page", "type": "string"},
          {"name": "added", "type": "int"},
          {"name": "geo", "type": {"type": "record", "name": "Geo", "fields": [{"name": "city", "type": "string"}]}},
          {"name": "robot", "type": "boolean", "default": false}]}
        """;

    private static readonly string[] Cities = ["Oslo", "Bergen", "Paris", "Lima", "Quito"];
    private static readonly DateTime Start = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static string PluginsDirectory => Path.Combine(RepositoryPaths.Root, "plugins");

    private MockCluster _cluster = null!;
    private SchemaRegistryServer _registry = null!;
    private NodeWorkspace _workspace = null!;

    [SetUp]
    public async Task SetUp()
    {
        foreach (var plugin in new[] { "Kafka", "Formats" })
        {
            Assert.That(File.Exists(Path.Combine(PluginsDirectory, plugin, plugin + ".dll")), Is.True, $"Build Realtime.Plugins.{plugin} first: plugins/{plugin}/{plugin}.dll is missing.");
        }

        _cluster = MockCluster.Start(brokers: 1);
        _cluster.CreateTopic(Topic, 2);
        _registry = await SchemaRegistryServer.StartAsync();
        _workspace = new NodeWorkspace();
    }

    [TearDown]
    public async Task TearDown()
    {
        _workspace.Dispose();
        await _registry.DisposeAsync();
        _cluster.Dispose();
    }

    [Test]
    public async Task AvroRecordsOfTwoSchemaVersionsAreQueryableAndUnreadableMessagesAreCounted()
    {
        var edits = Edits(60, i => i < 40 ? EditV1 : EditV2, i => $"p{i % 7}");
        var messages = await SerializeAsync(edits);

        var unknownId = (byte[])messages[0].Item2!.Clone();
        BinaryPrimitives.WriteInt32BigEndian(unknownId.AsSpan(1), 999);
        messages.Add((0, unknownId));
        messages.Add((1, "{\"page\":\"not avro\"}"u8.ToArray()));
        _cluster.Produce(Topic, messages);

        await using var node = StartNode(maxRowsInMemory: 1000);
        var metrics = await node.WaitForMetricsAsync(m => ServerProcess.Counter(m, Processed) + ServerProcess.Counter(m, Unparseable) == messages.Count, $"{messages.Count} messages");
        var actual = await QueryTotalsAsync(node, "city");
        await node.TerminateAsync();

        var expected = Totals(edits, e => e.City);
        Assert.Multiple(() =>
        {
            Assert.That(ServerProcess.Counter(metrics, Processed), Is.EqualTo(edits.Count), metrics);
            Assert.That(ServerProcess.Counter(metrics, Unparseable), Is.EqualTo(2), "the unknown schema id and the JSON message");
            Assert.That(actual, Is.EquivalentTo(expected));
            Assert.That(node.Output, Does.Contain("schema id 999"));
        });
    }

    /// <summary>
    /// A node reads 30 Avro records, persists them in three persists of 10 and commits them; then commits fail while
    /// 15 more arrive, of which 10 are persisted and 5 stay in memory; the node is killed (SIGKILL) and 6 more records
    /// are produced while it is down. A node started again on the same working directory loads the persisted rows,
    /// resumes from the offsets stored with the last persist (ahead of the group's committed offsets) and reads the 5
    /// again with the 6 new ones: queries, and the rows persisted when it stops, count every record once.
    /// </summary>
    [Test]
    public async Task A_node_killed_and_started_again_counts_every_avro_record_once()
    {
        var edits = Edits(51, i => i < 20 ? EditV1 : EditV2, i => $"p{i}");
        var messages = await SerializeAsync(edits);
        _cluster.Produce(Topic, messages[..30]);
        await using (var killed = StartNode(maxRowsInMemory: 10))
        {
            await killed.WaitForStatusAsync(_ => _cluster.Committed(Group, Topic, 2).Sum() == 30, "three persists of 10 records to commit");
            _cluster.FailCommits(1000, ErrorCode.OffsetMetadataTooLarge);
            _cluster.Produce(Topic, messages[30..45]);
            await killed.WaitForStatusAsync(_ => killed.Output.Contains(CommitFailed, StringComparison.Ordinal), "a fourth persist whose commit fails");
            await killed.WaitForMetricsAsync(m => ServerProcess.Counter(m, Processed) == 45, "45 processed records");
            Assert.That(_cluster.Committed(Group, Topic, 2).Sum(), Is.EqualTo(30), "the group's offsets are behind the persisted rows");
            await killed.KillAsync();
        }

        _cluster.ClearCommitFailures();
        _cluster.Produce(Topic, messages[45..]);
        string metrics;
        Dictionary<string, (long Edits, long Added)> byPage;
        Dictionary<string, (long Edits, long Added)> byCity;
        string output;
        await using (var restarted = StartNode(maxRowsInMemory: 10))
        {
            metrics = await restarted.WaitForMetricsAsync(m => ServerProcess.Counter(m, Processed) >= 11, "the 5 records read again and 6 new ones");
            byPage = await QueryTotalsAsync(restarted, "page");
            byCity = await QueryTotalsAsync(restarted, "city");
            await restarted.TerminateAsync();
            output = restarted.Output;
        }

        var persisted = _workspace.PersistedRows("edits").GroupBy(r => (string)r.Dimensions["page"]!)
            .ToDictionary(g => g.Key, g => (Edits: g.Sum(r => (long)r.Metrics["count"]!), Added: g.Sum(r => (long)r.Metrics["added"]!)));
        Assert.Multiple(() =>
        {
            Assert.That(ServerProcess.Counter(metrics, Processed), Is.EqualTo(messages.Count - 40), "the restarted node read only what was not persisted");
            Assert.That(byPage, Is.EquivalentTo(Totals(edits, e => e.Page)), "queried: every record once");
            Assert.That(byCity, Is.EquivalentTo(Totals(edits, e => e.City)), "queried by city: the totals produced");
            Assert.That(persisted, Is.EquivalentTo(Totals(edits, e => e.Page)), "persisted when the node stopped: every record once");
            Assert.That(_cluster.Committed(Group, Topic, 2).Sum(), Is.EqualTo(messages.Count));
            Assert.That(output, Does.Contain("resuming from the offsets stored with the last persist"));
        });
    }

    /// <summary>Edits at one-second steps from <see cref="Start"/>, the i-th adding i, in turn in each city.</summary>
    private static List<Edit> Edits(int count, Func<int, string> schema, Func<int, string> page) =>
        Enumerable.Range(0, count).Select(i => new Edit(schema(i), Start.AddSeconds(i), page(i), i, Cities[i % Cities.Length])).ToList();

    /// <summary>Each edit in Confluent's wire format, registered with the schema registry, the i-th to partition i % 2.</summary>
    private async Task<List<(int Partition, byte[]? Value)>> SerializeAsync(IReadOnlyList<Edit> edits)
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        var serializer = new AvroSerializer<GenericRecord>(client);
        var messages = new List<(int, byte[]?)>();
        foreach (var (edit, i) in edits.Select((e, i) => (e, i)))
        {
            var record = new GenericRecord((RecordSchema)global::Avro.Schema.Parse(edit.Schema));
            var geo = new GenericRecord((RecordSchema)record.Schema["geo"].Schema);
            geo.Add("city", edit.City);
            record.Add("timestamp", edit.Time);
            record.Add("page", edit.Page);
            record.Add("added", edit.Added);
            record.Add("geo", geo);
            if (record.Schema.Contains("robot"))
            {
                record.Add("robot", edit.Added % 2 == 0);
            }

            messages.Add((i % 2, await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, Topic))));
        }

        return messages;
    }

    /// <summary>The number of edits and the sum of <c>added</c> by <paramref name="dimension"/>, as produced.</summary>
    private static Dictionary<string, (long Edits, long Added)> Totals(IEnumerable<Edit> edits, Func<Edit, string> dimension) =>
        edits.GroupBy(dimension).ToDictionary(g => g.Key, g => (Edits: (long)g.Count(), Added: g.Sum(e => (long)e.Added)));

    /// <summary>The node's <c>count</c> and <c>added</c> sums by <paramref name="dimension"/>, from a groupBy query.</summary>
    private static async Task<Dictionary<string, (long Edits, long Added)>> QueryTotalsAsync(ServerProcess node, string dimension)
    {
        var result = await node.QueryAsync($$"""
            {"queryType": "groupBy", "dataSource": "edits", "intervals": ["2026-12-01/2026-12-02"], "granularity": "all", "dimensions": ["{{dimension}}"],
             "aggregations": [{"type": "longSum", "name": "edits", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
            """);
        return result.EnumerateArray().Select(r => r.GetProperty("event")).ToDictionary(
            e => e.GetProperty(dimension).GetString()!, e => (Edits: e.GetProperty("edits").GetInt64(), Added: e.GetProperty("added").GetInt64()));
    }

    /// <summary>Starts the node in the workspace with the Kafka and Formats plugins, on the spec of this topic.</summary>
    private ServerProcess StartNode(int maxRowsInMemory) =>
        _workspace.Start(_workspace.Write("spec.json", Spec(maxRowsInMemory)),
            "--Realtime:Plugins:Directory", PluginsDirectory, "--Realtime:Plugins:LoadList:0", "Kafka", "--Realtime:Plugins:LoadList:1", "Formats");

    private string Spec(int maxRowsInMemory) => $$"""
        [{
          "dataSchema": {
            "dataSource": "edits",
            "parser": {
              "type": "avro_stream",
              "avroBytesDecoder": { "type": "schema_registry", "url": "{{_registry.Url}}", "config": { "max.retries": 1 } },
              "parseSpec": { "format": "avro", "timestampSpec": { "column": "timestamp", "format": "auto" },
                "flattenSpec": { "useFieldDiscovery": true, "fields": [ { "type": "path", "name": "city", "expr": "$.geo.city" } ] },
                "dimensionsSpec": { "dimensions": ["page", "city"] } }
            },
            "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "added", "fieldName": "added" } ],
            "granularitySpec": { "segmentGranularity": "hour" }
          },
          "ioConfig": { "type": "realtime", "firehose": {
            "type": "kafka", "bootstrapServers": "{{_cluster.BootstrapServers}}", "topic": "{{Topic}}", "groupId": "{{Group}}",
            "consumerProperties": { "auto.offset.reset": "earliest", "fetch.wait.max.ms": 10 } } },
          "tuningConfig": { "type": "realtime", "maxRowsInMemory": {{maxRowsInMemory}}, "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
        }]
        """;

    /// <summary>An edit as produced: its writer schema, time, page, <c>added</c> and city.</summary>
    private sealed record Edit(string Schema, DateTime Time, string Page, int Added, string City);
}
