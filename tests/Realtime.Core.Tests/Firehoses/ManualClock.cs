namespace Realtime.Core.Tests.Firehoses;

/// <summary>A clock that moves only when told to; its one-shot timers fire during <see cref="Advance"/>.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        var target = _now + by;
        while (_timers.Where(t => t.Due <= target).MinBy(t => t.Due) is { } timer)
        {
            _now = timer.Due!.Value;
            timer.Fire();
        }

        _now = target;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (period != Timeout.InfiniteTimeSpan)
            {
                throw new NotSupportedException("The manual clock has one-shot timers only.");
            }

            clock._timers.Remove(this);
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
            if (Due is not null)
            {
                clock._timers.Add(this);
            }

            return true;
        }

        public void Fire()
        {
            clock._timers.Remove(this);
            Due = null;
            callback(state);
        }

        public void Dispose() => clock._timers.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
