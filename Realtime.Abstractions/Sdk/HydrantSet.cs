using Realtime.Abstractions.Segments;

namespace Realtime.Abstractions.Sdk;

/// <summary>
/// The hydrants of one sink, oldest first, which queries lease together: a lease holds every hydrant that was in the
/// set when it was taken, and an index closes only once it has left the set and its last lease has ended.
/// </summary>
/// <remarks>Thread-safe: the ingest thread adds hydrants while query threads lease. Added in contracts 1.2.</remarks>
public sealed class HydrantSet(IEnumerable<Hydrant> hydrants)
{
    private readonly object _gate = new();
    private readonly List<Hydrant> _hydrants = [.. hydrants];

    /// <summary>Every hydrant, oldest first.</summary>
    public IReadOnlyList<Hydrant> Hydrants
    {
        get
        {
            lock (_gate)
            {
                return [.. _hydrants];
            }
        }
    }

    /// <summary>Adds the newest hydrant.</summary>
    public void Add(Hydrant hydrant)
    {
        lock (_gate)
        {
            _hydrants.Add(hydrant);
        }
    }

    /// <summary>Leases the indexes of every hydrant in the set; disposing the lease returns them.</summary>
    public SegmentLease Acquire()
    {
        List<Hydrant> leased = [];
        lock (_gate)
        {
            leased.AddRange(_hydrants.Where(h => h.TryAcquire()));
        }

        return new SegmentLease([.. leased.Select(h => h.Index)], () => leased.ForEach(h => h.Release()));
    }

    /// <summary>Empties the set and releases every hydrant; indexes close when their last lease ends.</summary>
    public void ReleaseAll()
    {
        List<Hydrant> released;
        lock (_gate)
        {
            released = [.. _hydrants];
            _hydrants.Clear();
        }

        released.ForEach(h => h.Release());
    }
}
