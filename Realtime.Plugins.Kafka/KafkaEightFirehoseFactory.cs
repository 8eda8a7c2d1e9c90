using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// Druid's <c>kafka-0.8</c> firehose spec (<c>consumerProps</c> and <c>feed</c>), run by the same consumer as the
/// <c>kafka</c> firehose after Kafka 0.8's consumer property names are translated to librdkafka's.
/// </summary>
/// <remarks>
/// <para>Brokers are not found through ZooKeeper: <c>consumerProps</c> must name them in <c>bootstrap.servers</c> (or
/// <c>metadata.broker.list</c>). <c>zookeeper.*</c> properties and the 0.8 consumer's own tuning properties are ignored
/// with a warning, <c>auto.offset.reset</c>'s <c>largest</c>/<c>smallest</c> become <c>latest</c>/<c>earliest</c>, and
/// <c>auto.commit.enable</c> is ignored because the firehose commits offsets itself, after each persist.</para>
/// <para>Druid's firehose committed every offset it had read when a persist finished; this one commits the offsets
/// captured when the persist started, and with <see cref="ExactlyOnce"/> resumes from the persisted offsets.</para>
/// </remarks>
public sealed class KafkaEightFirehoseFactory : IFirehoseFactory, IJsonOnDeserialized
{
    private const string Spec = "kafka-0.8 firehose";
    private const string AutoOffsetReset = "auto.offset.reset";

    /// <summary>Kafka 0.8 high-level consumer properties that librdkafka has no counterpart for.</summary>
    private static readonly HashSet<string> WithoutCounterpart = new(StringComparer.Ordinal)
    {
        "consumer.id", "consumer.timeout.ms", "num.consumer.fetchers", "queued.max.message.chunks", "rebalance.max.retries",
        "rebalance.backoff.ms", "refresh.leader.backoff.ms", "exclude.internal.topics", "offsets.storage", "dual.commit.enabled",
        "offsets.channel.backoff.ms", "offsets.channel.socket.timeout.ms", "offsets.commit.max.retries",
    };

    /// <summary>Kafka 0.8 consumer properties (Java <c>Properties</c>); those librdkafka knows are passed through.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ConsumerProps { get; init; }

    /// <summary>The topic to read.</summary>
    public string? Feed { get; init; }

    /// <summary>
    /// Whether each persist stores the offsets read so far and a restart resumes from them (the default), as for the
    /// <c>kafka</c> firehose. Not in Druid's spec.
    /// </summary>
    public bool ExactlyOnce { get; init; } = true;

    /// <summary>
    /// <c>manual</c> (the default): the firehose assigns itself the partitions of the feed, so a restarted node reads
    /// on at once. <c>group</c>: it joins the consumer group's rebalances, which share the partitions among nodes, as
    /// Kafka 0.8's consumer did. Not in Druid's spec.
    /// </summary>
    public string? Assignment { get; init; }

    /// <summary>With manual assignment, the partition numbers of the feed to read; all when absent. Not in Druid's spec.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The spec lacks the feed, the brokers or the group.</exception>
    /// <exception cref="InvalidOperationException">librdkafka is missing, or it refused a consumer property.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(KafkaFirehose.Connect(ToSettings(), parser, context));

    /// <summary>Translates the spec to the consumer's settings, noting each property renamed or ignored.</summary>
    /// <exception cref="ArgumentException">The spec lacks the feed, the brokers or the group.</exception>
    internal KafkaConsumerSettings ToSettings()
    {
        if (string.IsNullOrWhiteSpace(Feed))
        {
            throw new ArgumentException($"{Spec}: feed (the topic) is required.");
        }

        var notes = new List<string>();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (name, value) in ConsumerProps ?? new Dictionary<string, JsonElement>())
        {
            var text = KafkaConsumerSettings.PropertyText(Spec, "consumerProps", name, value);
            if (name.StartsWith("zookeeper.", StringComparison.Ordinal) || WithoutCounterpart.Contains(name))
            {
                ignored.Add(name);
            }
            else if (name == AutoOffsetReset && TranslateOffsetReset(text) is { } translated)
            {
                notes.Add($"{Spec}: {AutoOffsetReset} {text} is read as {translated}.");
                properties[name] = translated;
            }
            else
            {
                properties[name] = text;
            }
        }

        if (ignored.Count > 0)
        {
            notes.Add($"{Spec}: ignoring {string.Join(", ", ignored.Order(StringComparer.Ordinal))}: brokers are named in bootstrap.servers, not found through ZooKeeper, and librdkafka has no counterpart for the rest.");
        }

        if (properties.Remove("metadata.broker.list", out var brokers))
        {
            properties.TryAdd(KafkaConsumerSettings.BootstrapServers, brokers);
        }

        if (!properties.ContainsKey(KafkaConsumerSettings.BootstrapServers))
        {
            throw new ArgumentException($"{Spec}: consumerProps must name the brokers in bootstrap.servers (or metadata.broker.list): brokers are not found through zookeeper.connect.");
        }

        return KafkaConsumerSettings.Create(Spec, properties, [Feed], ExactlyOnce, Assignment, Partitions, notes);
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => KafkaConsumerSettings.CheckWhileReading(ToSettings);

    private static string? TranslateOffsetReset(string value) => value switch
    {
        "largest" => "latest",
        "smallest" => "earliest",
        _ => null,
    };
}
