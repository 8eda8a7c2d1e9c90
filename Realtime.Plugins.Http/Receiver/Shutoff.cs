namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// When a receiver closes on a timer: at the shutoff time a shutdown request named, or once no push came for
/// <c>maxIdleTime</c>.
/// </summary>
/// <remarks>Thread-safe. The timers call the close action on the thread pool; it must allow being called more than once.</remarks>
internal sealed class Shutoff : IAsyncDisposable
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(40);

    private readonly TimeProvider _clock;
    private readonly Action<CloseReason> _close;
    private readonly TimeSpan _maxIdle;
    private readonly ITimer? _idleTimer;
    private readonly object _gate = new();
    private long _lastPush;
    private ITimer? _shutoffTimer;
    private long _shutoffMillis;

    /// <summary>Starts the idle timer, unless <paramref name="maxIdleTime"/> (milliseconds) is zero.</summary>
    public Shutoff(long maxIdleTime, TimeProvider clock, Action<CloseReason> close)
    {
        _clock = clock;
        _close = close;
        _maxIdle = TimeSpan.FromMilliseconds(maxIdleTime);
        _lastPush = clock.GetTimestamp();
        if (maxIdleTime > 0)
        {
            _idleTimer = clock.CreateTimer(static s => ((Shutoff)s!).OnIdleTimer(), this, TimerDelay(_maxIdle), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Records a push that arrived at <paramref name="timestamp"/>, which keeps the receiver open for another <c>maxIdleTime</c>.</summary>
    public void Pushed(long timestamp) => Interlocked.Exchange(ref _lastPush, timestamp);

    /// <summary>Closes the receiver at <paramref name="shutoffMillis"/>: now when that is not after <paramref name="nowMillis"/>, else on a timer that replaces an earlier one.</summary>
    public void At(long shutoffMillis, long nowMillis)
    {
        if (shutoffMillis <= nowMillis)
        {
            _close(CloseReason.ShutDown);
            return;
        }

        lock (_gate)
        {
            _shutoffMillis = shutoffMillis;
            _shutoffTimer?.Dispose();
            _shutoffTimer = _clock.CreateTimer(static s => ((Shutoff)s!).OnShutoffTimer(), this,
                TimerDelay(TimeSpan.FromMilliseconds(shutoffMillis - nowMillis)), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops both timers.</summary>
    public async ValueTask DisposeAsync()
    {
        ITimer? shutoffTimer;
        lock (_gate)
        {
            shutoffTimer = _shutoffTimer;
        }

        foreach (var timer in new[] { _idleTimer, shutoffTimer })
        {
            if (timer is not null)
            {
                await timer.DisposeAsync();
            }
        }
    }

    private void OnShutoffTimer()
    {
        var remaining = Interlocked.Read(ref _shutoffMillis) - _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (remaining <= 0)
        {
            _close(CloseReason.ShutDown);
        }
        else
        {
            _shutoffTimer?.Change(TimerDelay(TimeSpan.FromMilliseconds(remaining)), Timeout.InfiniteTimeSpan);
        }
    }

    private void OnIdleTimer()
    {
        var idle = _clock.GetElapsedTime(Interlocked.Read(ref _lastPush));
        if (idle >= _maxIdle)
        {
            _close(CloseReason.Idle);
        }
        else
        {
            _idleTimer!.Change(TimerDelay(_maxIdle - idle), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A timer's delay, at most 40 days: timers take no longer ones, and a timer that fires early is set again.</summary>
    private static TimeSpan TimerDelay(TimeSpan delay) => delay < LongestDelay ? delay : LongestDelay;
}
