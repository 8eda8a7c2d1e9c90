using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Kafka;

/// <summary>Commits a persist's offsets to the consumer group, and closes the consumer once no commit can follow.</summary>
/// <remarks>
/// <see cref="Commit"/> runs on the plumber's persist thread while the consume thread polls: librdkafka's commit may be
/// called from any thread. A failed commit is logged and not retried, because the next persist commits later offsets
/// and, in exactly-once mode, the persisted offsets already cover it on a restart. The consume thread may wait, in a
/// revocation, for a commit to reach given offsets (<see cref="AwaitCommitted"/>).
/// </remarks>
internal sealed class OffsetCommitter(IConsumer<Ignore, ParsedMessage> consumer, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly object _progress = new();
    private readonly Dictionary<TopicPartition, long> _committed = [];
    private long _failures;
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
                Record(offsets, failed: false);
            }
            catch (KafkaException e)
            {
                KafkaLog.CommitFailed(logger, KafkaLog.Offsets(offsets), e.Message);
                Record(offsets, failed: true);
            }
        }
    }

    /// <summary>Whether every offset is committed by this consumer already.</summary>
    public bool IsCommitted(IEnumerable<TopicPartitionOffset> offsets)
    {
        lock (_progress)
        {
            return offsets.All(o => _committed.TryGetValue(o.TopicPartition, out var committed) && committed >= o.Offset.Value);
        }
    }

    /// <summary>Waits until every offset is committed.</summary>
    /// <returns>False when a commit failed meanwhile, the time ran out or <paramref name="cancellationToken"/> fired first.</returns>
    public bool AwaitCommitted(IReadOnlyList<TopicPartitionOffset> offsets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_progress)
        {
            var failures = _failures;
            while (!IsCommitted(offsets))
            {
                var left = deadline - DateTime.UtcNow;
                if (_failures != failures || left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                Monitor.Wait(_progress, left < PollInterval ? left : PollInterval);
            }

            return true;
        }
    }

    /// <summary>How often a wait for a commit looks at its cancellation token.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

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

    private void Record(List<TopicPartitionOffset> offsets, bool failed)
    {
        lock (_progress)
        {
            if (failed)
            {
                _failures++;
            }
            else
            {
                foreach (var offset in offsets)
                {
                    _committed[offset.TopicPartition] = Math.Max(_committed.GetValueOrDefault(offset.TopicPartition), offset.Offset.Value);
                }
            }

            Monitor.PulseAll(_progress);
        }
    }
}
