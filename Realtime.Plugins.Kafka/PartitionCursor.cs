using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// The firehose's place in one partition: the next offset to hand to the ingest loop, whether this consumer owns the
/// partition, and an assignment epoch that tells messages fetched before a revocation from those fetched after it.
/// </summary>
/// <remarks>
/// The consume thread assigns and revokes (inside <c>Consume</c>), the ingest thread hands messages out, and the persist
/// thread checks positions before committing them. One lock per partition keeps a hand-out from interleaving with a
/// revocation or an assignment, so a partition assigned again resumes right after the last message handed out.
/// </remarks>
internal sealed class PartitionCursor(TopicPartition partition)
{
    private readonly Lock _gate = new();
    private long _next = Offset.Unset.Value;
    private int _epoch;
    private bool _owned;

    /// <summary>The topic and partition.</summary>
    public TopicPartition Partition { get; } = partition;

    /// <summary>The current assignment epoch, stamped on each message fetched.</summary>
    /// <remarks>Read without the lock: only the consume thread changes it, and only the consume thread stamps messages.</remarks>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>Hands out the message at <paramref name="offset"/> if it was fetched in the current assignment.</summary>
    /// <returns>False for a message fetched before the partition was revoked: it is dropped, and read again by its owner.</returns>
    public bool TryHandOut(int epoch, long offset)
    {
        lock (_gate)
        {
            if (epoch != _epoch || !_owned)
            {
                return false;
            }

            _next = offset + 1;
            return true;
        }
    }

    /// <summary>Sets the position stored with the last persist, before the partition is assigned.</summary>
    public void Restore(long next)
    {
        lock (_gate)
        {
            _next = next;
        }
    }

    /// <summary>Whether a position is known: stored with a persist, or reached by handing out a message.</summary>
    public bool HasPosition
    {
        get
        {
            lock (_gate)
            {
                return _next >= 0;
            }
        }
    }

    /// <summary>Takes the partition and picks where reading starts.</summary>
    /// <param name="committed">The group's committed offset, or <see cref="Offset.Unset"/>.</param>
    /// <returns>
    /// The later of this cursor's position and <paramref name="committed"/>: a later committed offset means another
    /// member, or a segment already handed off, has those rows. <see cref="Offset.Unset"/> when no position is known,
    /// so that the group's committed offset or <c>auto.offset.reset</c> decides.
    /// </returns>
    public Offset Assign(Offset committed)
    {
        lock (_gate)
        {
            _owned = true;
            if (_next < 0)
            {
                return Offset.Unset;
            }

            _next = Math.Max(_next, committed.Value);
            return new Offset(_next);
        }
    }

    /// <summary>
    /// Stops handing out the messages fetched so far, ahead of a revocation, while the partition stays owned so that the
    /// rows handed out can still be committed.
    /// </summary>
    /// <returns>The position reached, or null when none is known.</returns>
    public long? StopHandingOut()
    {
        lock (_gate)
        {
            Volatile.Write(ref _epoch, _epoch + 1);
            return _next < 0 ? null : _next;
        }
    }

    /// <summary>Gives the partition up: messages fetched so far and not yet handed out will be dropped.</summary>
    public void Revoke()
    {
        lock (_gate)
        {
            _owned = false;
            Volatile.Write(ref _epoch, _epoch + 1);
        }
    }

    /// <summary>The position to store with a persist and commit after it, or null when none is known.</summary>
    public CursorPosition? Position()
    {
        lock (_gate)
        {
            return _next < 0 ? null : new CursorPosition(this, _next, _epoch);
        }
    }

    /// <summary>
    /// Whether <paramref name="position"/> may still be committed: the partition is owned and was not revoked since.
    /// A partition that changed hands may have been read further by its new owner, whose commits must not go back.
    /// </summary>
    public bool IsCurrent(CursorPosition position)
    {
        lock (_gate)
        {
            return _owned && _epoch == position.Epoch;
        }
    }
}

/// <summary>The next offset to read in a partition, as of one moment of one assignment epoch.</summary>
internal readonly record struct CursorPosition(PartitionCursor Cursor, long Next, int Epoch);
