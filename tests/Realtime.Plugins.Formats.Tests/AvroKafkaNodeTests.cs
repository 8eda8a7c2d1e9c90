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
    private const string Processed = "realtime_ingest_events_processed_total";
    private const string Unparseable = "realtime_ingest_events_unparseable_total";

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

    private static string PluginsDirectory => Path.Combine(ServerProcess.RepositoryRoot, "plugins");

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
        var edits = Enumerable.Range(0, 60).Select(i => (Schema: i < 40 ? EditV1 : EditV2, Time: Start.AddSeconds(i), Page: $"p{i % 7}", Added: i, City: Cities[i % Cities.Length])).ToList();
        var messages = new List<(int, byte[]?)>();
        foreach (var (edit, i) in edits.Select((e, i) => (e, i)))
        {
            messages.Add((i % 2, await SerializeAsync(edit.Schema, edit.Time, edit.Page, edit.Added, edit.City)));
        }

        var unknownId = (byte[])messages[0].Item2!.Clone();
        BinaryPrimitives.WriteInt32BigEndian(unknownId.AsSpan(1), 999);
        messages.Add((0, unknownId));
        messages.Add((1, "{\"page\":\"not avro\"}"u8.ToArray()));
        _cluster.Produce(Topic, messages);

        await using var node = _workspace.Start(_workspace.Write("spec.json", Spec()),
            "--Realtime:Plugins:Directory", PluginsDirectory, "--Realtime:Plugins:LoadList:0", "Kafka", "--Realtime:Plugins:LoadList:1", "Formats");
        var metrics = "";
        await node.WaitForStatusAsync(
            _ => ServerProcess.Counter(metrics = node.MetricsAsync().GetAwaiter().GetResult(), Processed) + ServerProcess.Counter(metrics, Unparseable) == messages.Count,
            $"{messages.Count} messages");
        var byCity = await node.QueryAsync("""
            {"queryType": "groupBy", "dataSource": "edits", "intervals": ["2026-12-01/2026-12-02"], "granularity": "all", "dimensions": ["city"],
             "aggregations": [{"type": "longSum", "name": "edits", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
            """);
        await node.TerminateAsync();

        var expected = edits.GroupBy(e => e.City).ToDictionary(g => g.Key, g => (Edits: (long)g.Count(), Added: g.Sum(e => (long)e.Added)));
        var actual = byCity.EnumerateArray().Select(r => r.GetProperty("event")).ToDictionary(
            e => e.GetProperty("city").GetString()!, e => (Edits: e.GetProperty("edits").GetInt64(), Added: e.GetProperty("added").GetInt64()));
        Assert.Multiple(() =>
        {
            Assert.That(ServerProcess.Counter(metrics, Processed), Is.EqualTo(edits.Count), metrics);
            Assert.That(ServerProcess.Counter(metrics, Unparseable), Is.EqualTo(2), "the unknown schema id and the JSON message");
            Assert.That(actual, Is.EquivalentTo(expected));
            Assert.That(node.Output, Does.Contain("schema id 999"));
        });
    }

    private async Task<byte[]> SerializeAsync(string schema, DateTime time, string page, int added, string city)
    {
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        var edit = new GenericRecord((RecordSchema)global::Avro.Schema.Parse(schema));
        var geo = new GenericRecord((RecordSchema)edit.Schema["geo"].Schema);
        geo.Add("city", city);
        edit.Add("timestamp", time);
        edit.Add("page", page);
        edit.Add("added", added);
        edit.Add("geo", geo);
        if (edit.Schema.Contains("robot"))
        {
            edit.Add("robot", added % 2 == 0);
        }

        return await new AvroSerializer<GenericRecord>(client).SerializeAsync(edit, new SerializationContext(MessageComponentType.Value, Topic));
    }

    private string Spec() => $$"""
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
            "type": "kafka", "bootstrapServers": "{{_cluster.BootstrapServers}}", "topic": "{{Topic}}", "groupId": "realtime-avro",
            "consumerProperties": { "auto.offset.reset": "earliest", "fetch.wait.max.ms": 10 } } },
          "tuningConfig": { "type": "realtime", "maxRowsInMemory": 1000, "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
        }]
        """;
}
