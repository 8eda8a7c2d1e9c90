using System.Globalization;
using System.Text.Json;

namespace Realtime.Plugins.Kafka;

/// <summary>What a Kafka firehose's consumer is built from, once a spec's names are translated and checked.</summary>
internal sealed record KafkaConsumerSettings
{
    /// <summary>librdkafka's <c>bootstrap.servers</c>.</summary>
    public const string BootstrapServers = "bootstrap.servers";

    /// <summary>librdkafka's <c>group.id</c>.</summary>
    public const string GroupId = "group.id";

    /// <summary>Confluent.Kafka's choice of the message fields <c>Consume</c> reads; the firehose needs the topic name only.</summary>
    private const string ConsumeResultFields = "dotnet.consumer.consume.result.fields";

    /// <summary>librdkafka's <c>enable.auto.commit</c>, which the firehose turns off.</summary>
    private const string EnableAutoCommit = "enable.auto.commit";

    /// <summary>librdkafka's names for automatic offset commits: its own and Kafka 0.8's.</summary>
    private static readonly IReadOnlyList<string> AutoCommitProperties = [EnableAutoCommit, "auto.commit.enable"];

    /// <summary>Consumer properties for librdkafka and Confluent.Kafka, with the firehose's own settings applied.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>Topic names, and regular expressions starting with <c>^</c>, to subscribe to.</summary>
    public required IReadOnlyList<string> Subscription { get; init; }

    /// <summary>Whether persists carry the offsets and a restart resumes from them.</summary>
    public required bool ExactlyOnce { get; init; }

    /// <summary>How the firehose gets its partitions: it assigns them itself (the default), or the group's rebalances do.</summary>
    public required PartitionAssignment Assignment { get; init; }

    /// <summary>With <see cref="PartitionAssignment.Manual"/>: the partition numbers read of every topic, or null for all.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <summary>Spec settings that were renamed or ignored, logged when the firehose connects.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>
    /// Checks <paramref name="properties"/> and applies the firehose's settings: offsets are committed by the firehose
    /// after persists (automatic commits off), and every message carries its topic name.
    /// </summary>
    /// <param name="spec">The firehose, as messages name it (<c>kafka firehose</c>).</param>
    /// <param name="properties">The consumer properties, already translated.</param>
    /// <param name="subscription">Topic names and <c>^</c> patterns.</param>
    /// <param name="exactlyOnce">Whether persists carry the offsets.</param>
    /// <param name="assignment">The spec's <c>assignment</c>: <c>manual</c> (or null) or <c>group</c>.</param>
    /// <param name="partitions">The spec's <c>partitions</c>: the partition numbers to read, manual assignment only.</param>
    /// <param name="notes">Notes gathered while translating; more are added here.</param>
    /// <exception cref="ArgumentException">
    /// The brokers or the group id are missing, the subscription is empty, or the assignment or partitions are invalid.
    /// </exception>
    public static KafkaConsumerSettings Create(string spec, Dictionary<string, string> properties, IReadOnlyList<string> subscription,
        bool exactlyOnce, string? assignment, IReadOnlyList<int>? partitions, List<string> notes)
    {
        var kind = assignment switch
        {
            null or "manual" => PartitionAssignment.Manual,
            "group" => PartitionAssignment.Group,
            _ => throw new ArgumentException($"{spec}: assignment \"{assignment}\" is neither \"manual\" nor \"group\"."),
        };
        if (partitions is not null && (kind == PartitionAssignment.Group || partitions.Count == 0 || partitions.Any(p => p < 0) || partitions.Distinct().Count() != partitions.Count))
        {
            throw new ArgumentException(kind == PartitionAssignment.Group
                ? $"{spec}: partitions are for manual assignment; with assignment \"group\" the group's rebalances assign them."
                : $"{spec}: partitions must list distinct partition numbers, 0 or more.");
        }

        Require(properties, BootstrapServers, $"{spec}: the brokers are required ({BootstrapServers}).");
        Require(properties, GroupId, $"{spec}: a consumer group is required ({GroupId}).");
        if (subscription.Count == 0 || subscription.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{spec}: name at least one topic, and no empty topic names.");
        }

        foreach (var name in AutoCommitProperties.Where(properties.ContainsKey))
        {
            notes.Add($"{spec}: {name} = {properties[name]} is ignored: offsets are committed by the firehose once the rows read up to them are persisted.");
            properties.Remove(name);
        }

        properties[EnableAutoCommit] = "false";
        if (properties.TryGetValue(ConsumeResultFields, out var fields) && fields != "topic")
        {
            notes.Add($"{spec}: {ConsumeResultFields} = {fields} is ignored: the firehose reads the topic of each message and nothing else.");
        }

        properties[ConsumeResultFields] = "topic";
        return new KafkaConsumerSettings
        {
            Properties = properties, Subscription = subscription, ExactlyOnce = exactlyOnce, Assignment = kind, Partitions = partitions, Notes = notes,
        };
    }

    /// <summary>Turns a spec's property value (a JSON string, number or boolean) into librdkafka's text.</summary>
    /// <exception cref="ArgumentException">The value is an object, array or null.</exception>
    public static string PropertyText(string spec, string field, string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{spec}: {field}.{name}: a consumer property must be a string, number or boolean, not {value.ValueKind.ToString().ToLowerInvariant()}.")),
    };

    /// <summary>Runs a spec's checks while the spec is read, so that a problem is reported with the spec's JSON path.</summary>
    /// <exception cref="JsonException">The check failed; the message is the check's.</exception>
    public static void CheckWhileReading(Func<KafkaConsumerSettings> check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static void Require(Dictionary<string, string> properties, string name, string message)
    {
        if (!properties.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>How a Kafka firehose gets its partitions.</summary>
internal enum PartitionAssignment
{
    /// <summary>The firehose assigns itself the partitions of its topics (all, or those listed) and joins no group rebalance.</summary>
    Manual,

    /// <summary>The firehose subscribes as a member of the consumer group, whose rebalances share the partitions among the members.</summary>
    Group,
}
