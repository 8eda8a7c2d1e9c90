using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Kafka;

/// <summary>Log messages of the Kafka firehose.</summary>
internal static partial class KafkaLog
{
    /// <summary>A message's place as <c>topic[partition]@offset</c>.</summary>
    public static string Where(string topic, int partition, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{topic}[{partition}]@{offset}");

    /// <summary>Offsets as <c>topic[partition]@offset</c>, for logs; an unset offset as <c>@group</c>, the group's.</summary>
    public static string Offsets(IEnumerable<TopicPartitionOffset> offsets) =>
        string.Join(", ", offsets.Select(o => o.Offset == Offset.Unset
            ? Partitions([o.TopicPartition]) + "@group"
            : Where(o.Topic, o.Partition.Value, o.Offset.Value)));

    /// <summary>Partitions as <c>topic[partition]</c>, for logs.</summary>
    public static string Partitions(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Topic}[{p.Partition.Value}]")));

    /// <summary>librdkafka's syslog level as a log level.</summary>
    public static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        <= SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information,
        Message = "Kafka firehose (librdkafka {Version}) reading {Brokers} for {Subscription}, {Assignment}, committing to group {GroupId}; {Guarantee}")]
    public static partial void Connecting(ILogger logger, string version, string brokers, string subscription, string assignment, string groupId, string guarantee);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "{Note}")]
    public static partial void SpecNote(ILogger logger, string note);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information,
        Message = "Kafka firehose resuming from the offsets stored with the last persist (or the group's, where later): {Offsets}")]
    public static partial void Resuming(ILogger logger, string offsets);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning,
        Message = "Kafka firehose ignores commit metadata it did not write and resumes from the group's committed offsets: {Metadata}")]
    public static partial void MetadataIgnored(ILogger logger, string metadata);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Information,
        Message = "Kafka firehose in at-least-once mode resumes from the group's committed offsets; rows persisted after the last commit are read again")]
    public static partial void AtLeastOnce(ILogger logger);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "Kafka partitions assigned, reading from: {Offsets}")]
    public static partial void Assigned(ILogger logger, string offsets);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Information,
        Message = "Kafka partitions {How}: {Partitions}; messages fetched from them and not yet ingested are dropped")]
    public static partial void Revoked(ILogger logger, string how, string partitions);

    [LoggerMessage(EventId = 5313, Level = LogLevel.Information,
        Message = "Kafka partitions are being revoked: persisting and committing the rows read from them first: {Offsets}")]
    public static partial void CommittingBeforeRevocation(ILogger logger, string offsets);

    [LoggerMessage(EventId = 5314, Level = LogLevel.Warning,
        Message = "Kafka partitions revoked before the rows read from them were committed; their next owner reads those rows again: {Offsets}")]
    public static partial void RevokedUncommitted(ILogger logger, string offsets);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Debug, Message = "Kafka offsets committed: {Offsets}")]
    public static partial void Committed(ILogger logger, string offsets);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Warning,
        Message = "Kafka commit of persisted offsets failed, a later persist commits again: {Offsets}: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string offsets, string reason);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Warning,
        Message = "Kafka firehose could not read the group's committed offsets of {Partitions} and starts from the persisted ones: {Reason}")]
    public static partial void CommittedUnknown(ILogger logger, string partitions, string reason);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    public static partial void ConsumerError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5311, Level = LogLevel.Warning, Message = "Kafka consumer did not leave its group cleanly: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5315, Level = LogLevel.Warning,
        Message = "Kafka firehose could not read the partitions of its topics from the cluster's metadata, and tries again: {Reason}")]
    public static partial void MetadataUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5312, Message = "librdkafka {Facility}: {Text}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string facility, string text);
}
