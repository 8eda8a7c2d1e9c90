using Realtime.Core.Components;
using Realtime.Core.Spec;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class KafkaEightFirehoseFactoryTests
{
    /// <summary>The sample of Druid's kafka-0.8 firehose documentation, with the brokers added.</summary>
    private const string DruidSample = """
        {
          "type": "kafka-0.8",
          "consumerProps": {
            "bootstrap.servers": "k1:9092",
            "zookeeper.connect": "localhost:2181",
            "zookeeper.connection.timeout.ms" : "15000",
            "zookeeper.session.timeout.ms" : "15000",
            "zookeeper.sync.time.ms" : "5000",
            "group.id": "druid-example",
            "fetch.message.max.bytes" : "1048586",
            "auto.offset.reset": "largest",
            "auto.commit.enable": "false"
          },
          "feed": "wikipedia"
        }
        """;

    [Test]
    public void Druids_sample_is_translated_to_librdkafka_names()
    {
        var settings = Read(DruidSample);

        Assert.Multiple(() =>
        {
            Assert.That(settings.Subscription, Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(settings.ExactlyOnce, Is.True);
            Assert.That(settings.Assignment, Is.EqualTo(PartitionAssignment.Manual), "unlike Kafka 0.8's consumer, which joined the group's rebalances");
            Assert.That(settings.Properties, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["bootstrap.servers"] = "k1:9092",
                ["group.id"] = "druid-example",
                ["fetch.message.max.bytes"] = "1048586",
                ["auto.offset.reset"] = "latest",
                ["enable.auto.commit"] = "false",
                ["dotnet.consumer.consume.result.fields"] = "topic",
            }));
            Assert.That(settings.Notes, Is.EqualTo(new[]
            {
                "kafka-0.8 firehose: auto.offset.reset largest is read as latest.",
                "kafka-0.8 firehose: ignoring zookeeper.connect, zookeeper.connection.timeout.ms, zookeeper.session.timeout.ms, zookeeper.sync.time.ms: "
                    + "brokers are named in bootstrap.servers, not found through ZooKeeper, and librdkafka has no counterpart for the rest.",
                "kafka-0.8 firehose: auto.commit.enable = false is ignored: offsets are committed by the firehose once the rows read up to them are persisted.",
            }));
        });
    }

    [Test]
    public void Smallest_means_earliest_and_the_old_broker_list_names_the_brokers()
    {
        var settings = Read("""
            { "type": "kafka-0.8", "feed": "wikipedia", "exactlyOnce": false,
              "consumerProps": { "metadata.broker.list": "k1:9092,k2:9092", "group.id": "g", "auto.offset.reset": "smallest",
                "consumer.timeout.ms": "-1", "rebalance.max.retries": "4", "client.id": "node-1" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(settings.ExactlyOnce, Is.False);
            Assert.That(settings.Properties["bootstrap.servers"], Is.EqualTo("k1:9092,k2:9092"));
            Assert.That(settings.Properties.ContainsKey("metadata.broker.list"), Is.False);
            Assert.That(settings.Properties["auto.offset.reset"], Is.EqualTo("earliest"));
            Assert.That(settings.Properties["client.id"], Is.EqualTo("node-1"));
            Assert.That(settings.Properties.Keys, Has.None.EqualTo("consumer.timeout.ms").And.None.EqualTo("rebalance.max.retries"));
            Assert.That(settings.Notes, Has.Some.Contains("ignoring consumer.timeout.ms, rebalance.max.retries:"));
        });
    }

    [TestCase("""{ "type": "kafka-0.8", "consumerProps": { "bootstrap.servers": "k:9092", "group.id": "g" } }""", "feed (the topic) is required")]
    [TestCase("""{ "type": "kafka-0.8", "feed": "w", "consumerProps": { "zookeeper.connect": "z:2181", "group.id": "g" } }""",
        "consumerProps must name the brokers in bootstrap.servers (or metadata.broker.list): brokers are not found through zookeeper.connect")]
    [TestCase("""{ "type": "kafka-0.8", "feed": "w", "consumerProps": { "bootstrap.servers": "k:9092" } }""", "a consumer group is required (group.id)")]
    public void A_bad_spec_stops_start_up_naming_the_firehose_and_the_problem(string firehose, string problem)
    {
        var error = Assert.Throws<SpecException>(() => RealtimeSpecFile.Parse(KafkaFirehoseFactoryTests.Spec(firehose), KafkaSpecs.Serializer))!;

        Assert.That(error.Message, Does.Contain("$[0].ioConfig.firehose").And.Contain("kafka-0.8 firehose: ").And.Contain(problem));
    }

    private static KafkaConsumerSettings Read(string firehose) =>
        RealtimeSpecFile.Parse(KafkaFirehoseFactoryTests.Spec(firehose), KafkaSpecs.Serializer)[0].IoConfig.Firehose switch
        {
            KafkaEightFirehoseFactory kafka => kafka.ToSettings(),
            var other => throw new AssertionException($"Read a {other?.GetType().Name}, not the kafka-0.8 firehose."),
        };
}
