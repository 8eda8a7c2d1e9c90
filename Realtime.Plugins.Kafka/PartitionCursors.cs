using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>The cursors of every partition the firehose has read, or restored from a persist's commit metadata.</summary>
/// <remarks><see cref="For"/> is called on the consume thread only; the other members from any thread.</remarks>
internal sealed class PartitionCursors
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionCursor> _cursors = new();
    private PartitionCursor? _last;

    /// <summary>The cursor of a partition, created on first use.</summary>
    public PartitionCursor For(string topic, int partition)
    {
        // Messages come in runs from one partition: the previous cursor usually fits.
        if (_last is { } last && last.Partition.Partition.Value == partition && last.Partition.Topic == topic)
        {
            return last;
        }

        return _last = _cursors.GetOrAdd(new TopicPartition(topic, partition), static p => new PartitionCursor(p));
    }

    /// <summary>Sets the positions stored with the last persist.</summary>
    public void Restore(IReadOnlyDictionary<TopicPartition, long> positions)
    {
        foreach (var (partition, next) in positions)
        {
            For(partition.Topic, partition.Partition.Value).Restore(next);
        }
    }

    /// <summary>Takes newly assigned partitions and picks the offset each starts from.</summary>
    /// <param name="partitions">The partitions assigned.</param>
    /// <param name="committed">Reads the group's committed offsets of the partitions with a known position.</param>
    /// <returns>Start offsets: see <see cref="PartitionCursor.Assign"/>.</returns>
    public IReadOnlyList<TopicPartitionOffset> Assign(IReadOnlyList<TopicPartition> partitions,
        Func<IReadOnlyList<TopicPartition>, IReadOnlyList<TopicPartitionOffset>> committed)
    {
        var cursors = partitions.Select(p => For(p.Topic, p.Partition.Value)).ToList();
        var known = cursors.Where(c => c.HasPosition).Select(c => c.Partition).ToList();
        var groupOffsets = (known.Count == 0 ? [] : committed(known)).ToDictionary(o => o.TopicPartition, o => o.Offset);
        return cursors.Select(c => new TopicPartitionOffset(c.Partition, c.Assign(groupOffsets.GetValueOrDefault(c.Partition, Offset.Unset)))).ToList();
    }

    /// <summary>Stops handing out what was fetched from partitions about to be revoked.</summary>
    /// <returns>The positions reached in them, where known.</returns>
    public IReadOnlyList<TopicPartitionOffset> StopHandingOut(IEnumerable<TopicPartition> partitions) =>
        partitions.Select(p => (Partition: p, Next: For(p.Topic, p.Partition.Value).StopHandingOut()))
            .Where(p => p.Next is not null)
            .Select(p => new TopicPartitionOffset(p.Partition, p.Next!.Value))
            .ToList();

    /// <summary>Gives partitions up.</summary>
    public void Revoke(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            For(partition.Topic, partition.Partition.Value).Revoke();
        }
    }

    /// <summary>The known positions of every partition, for a persist's commit metadata and its commit.</summary>
    public IReadOnlyList<CursorPosition> Positions() =>
        _cursors.Values.Select(c => c.Position()).OfType<CursorPosition>().ToList();
}
