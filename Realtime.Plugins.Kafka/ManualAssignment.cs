using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// The partitions a firehose with manual assignment reads: every partition (or the listed ones) of its named topics and
/// of the topics its patterns match, as the cluster's metadata shows them. The metadata is read again from time to time,
/// so partitions and topics created later are read too.
/// </summary>
/// <remarks>Used on the consume thread only.</remarks>
internal sealed class ManualAssignment : IDisposable
{
    /// <summary>librdkafka's property for how often it refreshes metadata, which sets how often new partitions are looked for.</summary>
    private const string RefreshIntervalProperty = "topic.metadata.refresh.interval.ms";

    /// <summary>librdkafka's default of <see cref="RefreshIntervalProperty"/>.</summary>
    private const long DefaultRefreshMilliseconds = 300_000;

    /// <summary>How soon to look again while no partition is found yet, or the metadata could not be read.</summary>
    private const long RetryMilliseconds = 1_000;

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    private readonly IAdminClient _metadata;
    private readonly IReadOnlyList<string> _topics;
    private readonly IReadOnlyList<Regex> _patterns;
    private readonly HashSet<int>? _partitions;
    private readonly long _refreshMilliseconds;
    private readonly HashSet<TopicPartition> _assigned = [];
    private long _due;

    /// <summary>Reads metadata through <paramref name="consumer"/>'s connections to the cluster.</summary>
    public ManualAssignment(Handle consumer, KafkaConsumerSettings settings)
    {
        _metadata = new DependentAdminClientBuilder(consumer).Build();
        _topics = settings.Subscription.Where(s => !s.StartsWith('^')).ToList();
        _patterns = settings.Subscription.Where(s => s.StartsWith('^')).Select(s => new Regex(s, RegexOptions.CultureInvariant)).ToList();
        _partitions = settings.Partitions?.ToHashSet();
        _refreshMilliseconds = settings.Properties.TryGetValue(RefreshIntervalProperty, out var text)
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var interval) && interval > 0
                ? interval
                : DefaultRefreshMilliseconds;
    }

    /// <summary>The partitions found since the last call, when a look at the metadata is due; none otherwise.</summary>
    /// <exception cref="KafkaException">The metadata could not be read; the next call tries again after a second.</exception>
    public IReadOnlyList<TopicPartition> TakeNew()
    {
        var now = Environment.TickCount64;
        if (now < _due)
        {
            return [];
        }

        _due = now + RetryMilliseconds;
        var fresh = Find().Where(_assigned.Add).ToList();
        if (_assigned.Count > 0)
        {
            _due = now + _refreshMilliseconds;
        }

        return fresh;
    }

    /// <inheritdoc />
    public void Dispose() => _metadata.Dispose();

    private IEnumerable<TopicPartition> Find()
    {
        var topics = _patterns.Count == 0
            ? _topics.SelectMany(topic => _metadata.GetMetadata(topic, MetadataTimeout).Topics)
            : _metadata.GetMetadata(MetadataTimeout).Topics.Where(t => _topics.Contains(t.Topic) || _patterns.Any(p => p.IsMatch(t.Topic)));
        return topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions
                .Where(p => _partitions is null || _partitions.Contains(p.PartitionId))
                .Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value);
    }
}
