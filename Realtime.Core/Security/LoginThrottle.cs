using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Core.Security;

/// <summary>
/// Slows down a burst of failed logins from one client address: after <see cref="FailedLoginOptions.FreeAttempts"/>
/// failures within <see cref="FailedLoginOptions.Window"/>, each login from the address waits first, from
/// <see cref="FailedLoginOptions.FirstDelay"/> doubling with each further failure up to <see cref="FailedLoginOptions.MaxDelay"/>.
/// </summary>
/// <remarks>
/// Failures are forgotten once their window has passed. Other addresses, and the addresses' successful logins,
/// are not slowed by them. Safe for concurrent use; remembers at most one small entry per failing address.
/// </remarks>
public sealed class LoginThrottle(IOptions<SecurityOptions> options, TimeProvider timeProvider, ILogger<LoginThrottle> logger)
{
    private const int PruneAbove = 10_000;
    private readonly FailedLoginOptions _options = options.Value.FailedLogins;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long a login from <paramref name="address"/> waits now.</summary>
    public TimeSpan DelayFor(string address)
    {
        if (!_failures.TryGetValue(address, out var failures))
        {
            return TimeSpan.Zero;
        }

        var count = failures.CountSince(timeProvider.GetTimestamp(), _options.Window, timeProvider);
        var excess = count - _options.FreeAttempts;
        return excess <= 0
            ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(_options.MaxDelay.Ticks, _options.FirstDelay.Ticks << Math.Min(excess - 1, 30)));
    }

    /// <summary>Waits as long as a login from <paramref name="address"/> must.</summary>
    public Task WaitAsync(string address, CancellationToken cancellationToken) =>
        DelayFor(address) is { Ticks: > 0 } delay ? Task.Delay(delay, timeProvider, cancellationToken) : Task.CompletedTask;

    /// <summary>Records a failed login from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        if (_failures.Count > PruneAbove)
        {
            Prune();
        }

        var now = timeProvider.GetTimestamp();
        var count = _failures.GetOrAdd(address, _ => new Failures()).Add(now, _options.Window, timeProvider);
        if (count == _options.FreeAttempts + 1)
        {
            logger.SlowingDown(address, count, _options.Window);
        }
    }

    private void Prune()
    {
        var now = timeProvider.GetTimestamp();
        foreach (var (address, failures) in _failures)
        {
            if (failures.CountSince(now, _options.Window, timeProvider) == 0)
            {
                _failures.TryRemove(new KeyValuePair<string, Failures>(address, failures));
            }
        }
    }

    /// <summary>The failures of one address within the current window.</summary>
    private sealed class Failures
    {
        private readonly Lock _lock = new();
        private long _windowStart;
        private int _count;

        public int Add(long now, TimeSpan window, TimeProvider clock)
        {
            lock (_lock)
            {
                if (_count == 0 || clock.GetElapsedTime(_windowStart, now) >= window)
                {
                    _windowStart = now;
                    _count = 0;
                }

                return ++_count;
            }
        }

        public int CountSince(long now, TimeSpan window, TimeProvider clock)
        {
            lock (_lock)
            {
                return _count > 0 && clock.GetElapsedTime(_windowStart, now) < window ? _count : 0;
            }
        }
    }
}
