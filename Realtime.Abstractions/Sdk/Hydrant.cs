using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;

namespace Realtime.Abstractions.Sdk;

/// <summary>
/// One numbered piece of a sink: first the writable in-memory index, later its persisted, memory-mapped copy.
/// </summary>
/// <remarks>
/// Queries lease the hydrant; the persisted index is closed only once the hydrant is released and no lease is left,
/// so a sink can be dropped while queries still read it. Added in contracts 1.2.
/// </remarks>
public sealed class Hydrant(int number, IQueryableIndex index)
{
    private readonly List<IQueryableIndex> _replaced = [];
    private IQueryableIndex _index = index;
    private int _leases = 1;

    /// <summary>The hydrant's number, also its directory name under the sink.</summary>
    public int Number { get; } = number;

    /// <summary>The index queries read: in memory until persisted.</summary>
    public IQueryableIndex Index => Volatile.Read(ref _index);

    /// <summary>The in-memory index, while the hydrant has not been persisted.</summary>
    public IIncrementalIndex? InMemory => Index as IIncrementalIndex;

    /// <summary>
    /// Replaces the in-memory index with its persisted copy. Queries that already hold the old one finish on it; it is
    /// disposed once no query holds a lease on the hydrant.
    /// </summary>
    public void Swap(IQueryableIndex persisted)
    {
        var replaced = Interlocked.Exchange(ref _index, persisted);
        lock (_replaced)
        {
            _replaced.Add(replaced);
        }

        if (TryAcquire())
        {
            Release();
        }
        else
        {
            DisposeReplaced();
        }
    }

    /// <summary>Takes a lease for a query, or returns false when the hydrant has been released.</summary>
    public bool TryAcquire()
    {
        for (var leases = Volatile.Read(ref _leases); leases > 0; leases = Volatile.Read(ref _leases))
        {
            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns a lease; the last return closes the index.</summary>
    public void Release()
    {
        var leases = Interlocked.Decrement(ref _leases);
        if (leases == 0)
        {
            Index.Dispose();
        }

        if (leases <= 1)
        {
            DisposeReplaced();
        }
    }

    /// <summary>Disposes the indexes swapped out, once only the owner's lease (or none) is left.</summary>
    private void DisposeReplaced()
    {
        IQueryableIndex[] replaced;
        lock (_replaced)
        {
            replaced = [.. _replaced];
            _replaced.Clear();
        }

        foreach (var index in replaced)
        {
            index.Dispose();
        }
    }
}
