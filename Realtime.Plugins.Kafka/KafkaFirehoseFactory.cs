using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// The <c>kafka</c> firehose: reads topics of a Kafka cluster as a member of a consumer group, one message per row.
/// </summary>
/// <remarks>
/// Offsets are committed only after the rows read up to them are persisted. With <see cref="ExactlyOnce"/> each persist
/// also stores the offsets, and a restart resumes from them, so a crash between a persist and its commit neither loses
/// nor repeats a row. Undecodable messages and messages the parser rejects are counted as unparseable and skipped.
/// </remarks>
public sealed class KafkaFirehoseFactory : IFirehoseFactory, IJsonOnDeserialized
{
    private const string Spec = "kafka firehose";

    /// <summary>The brokers, <c>host:port</c> separated by commas (librdkafka's <c>bootstrap.servers</c>).</summary>
    public string? BootstrapServers { get; init; }

    /// <summary>One topic to read.</summary>
    public string? Topic { get; init; }

    /// <summary>Topics to read.</summary>
    public IReadOnlyList<string>? Topics { get; init; }

    /// <summary>
    /// A regular expression: every topic whose name it matches is read, also topics created later. A leading
    /// <c>^</c>, which marks a pattern for librdkafka, is added when missing. With manual assignment the firehose
    /// matches names with .NET's regular expressions, with group assignment librdkafka does.
    /// </summary>
    public string? TopicPattern { get; init; }

    /// <summary>The consumer group (librdkafka's <c>group.id</c>); nodes in one group share the partitions.</summary>
    public string? GroupId { get; init; }

    /// <summary>Any librdkafka consumer property, passed through as it is, for example <c>auto.offset.reset</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ConsumerProperties { get; init; }

    /// <summary>
    /// Whether each persist stores the offsets read so far and a restart resumes from them (the default). When false,
    /// a restart resumes from the group's committed offsets, and rows persisted after the last commit are read again.
    /// </summary>
    public bool ExactlyOnce { get; init; } = true;

    /// <summary>
    /// <c>manual</c> (the default): the firehose assigns itself the partitions of its topics, so a restarted node reads
    /// on at once. <c>group</c>: it joins the consumer group's rebalances, which share the partitions among nodes.
    /// </summary>
    public string? Assignment { get; init; }

    /// <summary>With manual assignment, the partition numbers to read of every topic; all when absent.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The spec lacks the brokers, the group or the topics.</exception>
    /// <exception cref="InvalidOperationException">librdkafka is missing, or it refused a consumer property.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(KafkaFirehose.Connect(ToSettings(), parser, context));

    /// <summary>Checks the spec and gathers the consumer's settings.</summary>
    /// <exception cref="ArgumentException">The spec lacks the brokers, the group or the topics, or names them twice.</exception>
    internal KafkaConsumerSettings ToSettings()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in ConsumerProperties ?? new Dictionary<string, JsonElement>())
        {
            properties[name] = KafkaConsumerSettings.PropertyText(Spec, "consumerProperties", name, value);
        }

        Set(properties, KafkaConsumerSettings.BootstrapServers, "bootstrapServers", BootstrapServers);
        Set(properties, KafkaConsumerSettings.GroupId, "groupId", GroupId);
        var ways = new[] { Topic is not null, Topics is not null, TopicPattern is not null }.Count(given => given);
        if (ways != 1)
        {
            throw new ArgumentException($"{Spec}: give exactly one of topic, topics and topicPattern (found {ways}).");
        }

        IReadOnlyList<string> subscription = TopicPattern is { } pattern ? [pattern.StartsWith('^') ? pattern : "^" + pattern]
            : Topic is { } topic ? [topic]
            : Topics!;
        return KafkaConsumerSettings.Create(Spec, properties, subscription, ExactlyOnce, Assignment, Partitions, []);
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => KafkaConsumerSettings.CheckWhileReading(ToSettings);

    /// <summary>Puts a dedicated spec field into the properties, refusing a different value given both ways.</summary>
    private static void Set(Dictionary<string, string> properties, string name, string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (properties.TryGetValue(name, out var given) && given != value)
        {
            throw new ArgumentException($"{Spec}: {field} \"{value}\" differs from consumerProperties.{name} \"{given}\"; give it once.");
        }

        properties[name] = value;
    }
}
