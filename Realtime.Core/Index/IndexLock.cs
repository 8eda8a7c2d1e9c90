namespace Realtime.Core.Index;

/// <summary>
/// A reader-writer lock for one writer thread and many readers, without thread affinity (a read lease may be
/// released on another thread) and with a cheap uncontended writer path: one compare-and-swap to enter, one
/// store to leave.
/// </summary>
/// <remarks>
/// Not reentrant. When readers are waiting, the writer's next entry lets at least one of them in first; a
/// waiting writer keeps new readers out. So readers wait for at most one add, and the writer for the reads
/// already running. Waits spin, then yield, then sleep.
/// </remarks>
internal sealed class IndexLock
{
    private const int WriterHolds = -1;

    private int _state;
    private int _readersWaiting;
    private int _readerEntries;
    private volatile bool _writerWaiting;

    /// <summary>Enters as the writer.</summary>
    public void EnterWrite()
    {
        if (Volatile.Read(ref _readersWaiting) == 0 && Interlocked.CompareExchange(ref _state, WriterHolds, 0) == 0)
        {
            return;
        }

        EnterWriteContended();
    }

    /// <summary>Leaves as the writer.</summary>
    public void ExitWrite() => Volatile.Write(ref _state, 0);

    /// <summary>Enters as a reader; returns a lease that leaves on dispose (once).</summary>
    public IDisposable EnterRead()
    {
        Interlocked.Increment(ref _readersWaiting);
        var spin = new SpinWait();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state >= 0 && !_writerWaiting && Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                break;
            }

            spin.SpinOnce();
        }

        Interlocked.Increment(ref _readerEntries);
        Interlocked.Decrement(ref _readersWaiting);
        return new ReadLease(this);
    }

    private void EnterWriteContended()
    {
        var spin = new SpinWait();
        var entries = Volatile.Read(ref _readerEntries);
        while (Volatile.Read(ref _readersWaiting) != 0 && Volatile.Read(ref _readerEntries) == entries)
        {
            spin.SpinOnce();
        }

        _writerWaiting = true;
        spin.Reset();
        while (Interlocked.CompareExchange(ref _state, WriterHolds, 0) != 0)
        {
            spin.SpinOnce();
        }

        _writerWaiting = false;
    }

    private sealed class ReadLease(IndexLock owner) : IDisposable
    {
        private IndexLock? _owner = owner;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _owner, null) is { } owner)
            {
                Interlocked.Decrement(ref owner._state);
            }
        }
    }
}
