using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Kafka;

/// <summary>Commits a persist's offsets to the consumer group, and closes the consumer once no commit can follow.</summary>
/// <remarks>
/// <see cref="Commit"/> runs on the plumber's persist thread while the consume thread polls: librdkafka's commit may be
/// called from any thread. A failed commit is logged and not retried, because the next persist commits later offsets
/// and, in exactly-once mode, the persisted offsets already cover it on a restart.
/// </remarks>
internal sealed class OffsetCommitter(IConsumer<Ignore, ParsedMessage> consumer, ILogger logger)
{
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Commits the positions of partitions this consumer still owns since the positions were taken.</summary>
    public void Commit(IReadOnlyList<CursorPosition> positions)
    {
        var offsets = positions.Where(p => p.Cursor.IsCurrent(p)).Select(p => new TopicPartitionOffset(p.Cursor.Partition, p.Next)).ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            try
            {
                consumer.Commit(offsets);
                KafkaLog.Committed(logger, KafkaLog.Offsets(offsets));
            }
            catch (KafkaException e)
            {
                KafkaLog.CommitFailed(logger, KafkaLog.Offsets(offsets), e.Message);
            }
        }
    }

    /// <summary>Leaves the group and releases the consumer; commits after this are dropped.</summary>
    /// <remarks>Called on the consume thread, which serves the last revocation.</remarks>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            try
            {
                consumer.Close();
            }
            catch (KafkaException e)
            {
                KafkaLog.CloseFailed(logger, e.Message);
            }
            finally
            {
                consumer.Dispose();
            }
        }
    }
}
