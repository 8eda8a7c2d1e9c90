using Realtime.Core.Components;
using Realtime.Core.Spec;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class KafkaFirehoseFactoryTests
{
    [Test]
    public void A_spec_names_brokers_topics_group_and_passes_consumer_properties_through()
    {
        var settings = Read("""
            { "type": "kafka", "bootstrapServers": "k1:9092,k2:9092", "topics": ["edits", "pages"], "groupId": "realtime",
              "consumerProperties": { "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "check.crcs": true } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Subscription, Is.EqualTo(new[] { "edits", "pages" }));
            Assert.That(settings.ExactlyOnce, Is.True);
            Assert.That(settings.Assignment, Is.EqualTo(PartitionAssignment.Manual));
            Assert.That(settings.Partitions, Is.Null, "every partition");
            Assert.That(settings.Properties, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["bootstrap.servers"] = "k1:9092,k2:9092",
                ["group.id"] = "realtime",
                ["auto.offset.reset"] = "earliest",
                ["session.timeout.ms"] = "6000",
                ["check.crcs"] = "true",
                ["enable.auto.commit"] = "false",
                ["dotnet.consumer.consume.result.fields"] = "topic",
            }));
            Assert.That(settings.Notes, Is.Empty);
        });
    }

    [Test]
    public void A_topic_pattern_is_anchored_and_brokers_and_group_may_come_from_the_consumer_properties()
    {
        var settings = Read("""
            { "type": "kafka", "topicPattern": "wiki-.*", "exactlyOnce": false,
              "consumerProperties": { "bootstrap.servers": "k1:9092", "group.id": "realtime" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Subscription, Is.EqualTo(new[] { "^wiki-.*" }));
            Assert.That(settings.ExactlyOnce, Is.False);
            Assert.That(settings.Properties["bootstrap.servers"], Is.EqualTo("k1:9092"));
            Assert.That(settings.Properties["group.id"], Is.EqualTo("realtime"));
        });
    }

    [TestCase("""{ "assignment": "manual", "partitions": [2, 0] }""", "Manual", new[] { 2, 0 })]
    [TestCase("""{ "assignment": "group" }""", "Group", null)]
    public void The_assignment_and_the_partitions_are_read(string fields, string assignment, int[]? partitions)
    {
        var settings = Read($$"""{ "type": "kafka", "bootstrapServers": "k1:9092", "topic": "edits", "groupId": "realtime", {{fields[1..]}}""");

        Assert.Multiple(() =>
        {
            Assert.That(settings.Assignment.ToString(), Is.EqualTo(assignment));
            Assert.That(settings.Partitions, Is.EqualTo(partitions));
        });
    }

    [Test]
    public void Automatic_commits_are_turned_off_with_a_note()
    {
        var settings = Read("""
            { "type": "kafka", "bootstrapServers": "k1:9092", "topic": "edits", "groupId": "realtime",
              "consumerProperties": { "enable.auto.commit": true, "dotnet.consumer.consume.result.fields": "none" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Properties["enable.auto.commit"], Is.EqualTo("false"));
            Assert.That(settings.Properties["dotnet.consumer.consume.result.fields"], Is.EqualTo("topic"));
            Assert.That(settings.Notes, Has.Count.EqualTo(2));
            Assert.That(settings.Notes[0], Does.Contain("enable.auto.commit = true is ignored"));
        });
    }

    [TestCase("""{ "type": "kafka", "topic": "edits", "groupId": "g" }""", "the brokers are required (bootstrap.servers)")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "topic": "edits" }""", "a consumer group is required (group.id)")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g" }""", "give exactly one of topic, topics and topicPattern (found 0)")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "topicPattern": "b.*" }""", "(found 2)")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topics": [] }""", "name at least one topic")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "consumerProperties": { "group.id": "h" } }""",
        "groupId \"g\" differs from consumerProperties.group.id \"h\"")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "consumerProperties": { "debug": ["all"] } }""",
        "consumerProperties.debug: a consumer property must be a string, number or boolean, not array")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "assignment": "static" }""",
        "assignment \"static\" is neither \"manual\" nor \"group\"")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "assignment": "group", "partitions": [0] }""",
        "partitions are for manual assignment")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "partitions": [1, 1] }""", "distinct partition numbers")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "partitions": [-1] }""", "distinct partition numbers, 0 or more")]
    [TestCase("""{ "type": "kafka", "bootstrapServers": "k:9092", "groupId": "g", "topic": "a", "partitions": [] }""", "distinct partition numbers")]
    public void A_bad_spec_stops_start_up_naming_the_firehose_and_the_problem(string firehose, string problem)
    {
        var error = Assert.Throws<SpecException>(() => RealtimeSpecFile.Parse(Spec(firehose), KafkaSpecs.Serializer, "spec.json"))!;

        Assert.That(error.Message, Does.Contain("$[0].ioConfig.firehose").And.Contain("kafka firehose: ").And.Contain(problem));
    }

    /// <summary>A realtime spec file around <paramref name="firehose"/>.</summary>
    internal static string Spec(string firehose) => $$"""
        [{
          "dataSchema": { "dataSource": "events", "parser": { "type": "string", "parseSpec": { "format": "json" } },
            "metricsSpec": [ { "type": "count", "name": "count" } ], "granularitySpec": { "segmentGranularity": "hour" } },
          "ioConfig": { "type": "realtime", "firehose": {{firehose}} },
          "tuningConfig": { "type": "realtime" }
        }]
        """;

    private static KafkaConsumerSettings Read(string firehose) =>
        RealtimeSpecFile.Parse(Spec(firehose), KafkaSpecs.Serializer)[0].IoConfig.Firehose switch
        {
            KafkaFirehoseFactory kafka => kafka.ToSettings(),
            var other => throw new AssertionException($"Read a {other?.GetType().Name}, not the kafka firehose."),
        };
}
