using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Realtime.Core.Security;
using Realtime.Core.Tests.Plugins;

namespace Realtime.Core.Tests.Security;

public class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<LoginThrottle> _log = new();
    private LoginThrottle _throttle = null!;

    [SetUp]
    public void CreateThrottle() => _throttle = new LoginThrottle(Options.Create(new SecurityOptions
    {
        FailedLogins = { FreeAttempts = 3, Window = TimeSpan.FromMinutes(1), FirstDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    }), _clock, _log);

    [Test]
    public void ABurstOfFailuresFromOneAddressIsDelayedMoreAndMoreUpToTheLimit()
    {
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 9; i++)
        {
            delays.Add(_throttle.DelayFor("10.0.0.1"));
            _throttle.Failed("10.0.0.1");
        }

        Assert.Multiple(() =>
        {
            Assert.That(delays.Select(d => d.TotalMilliseconds), Is.EqualTo(new double[] { 0, 0, 0, 0, 100, 200, 400, 800, 1000 }));
            Assert.That(_throttle.DelayFor("10.0.0.2"), Is.EqualTo(TimeSpan.Zero), "another address is not slowed");
            Assert.That(_log.Entries.Select(e => e.Message), Is.EqualTo(new[] { "Slowing down logins from 10.0.0.1: 4 failed within 00:01:00" }), "logged once");
        });
    }

    [Test]
    public void FailuresAreForgottenOnceTheirWindowHasPassed()
    {
        for (var i = 0; i < 6; i++)
        {
            _throttle.Failed("10.0.0.1");
        }

        _clock.Advance(TimeSpan.FromSeconds(59));
        var within = _throttle.DelayFor("10.0.0.1");
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(within, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(_throttle.DelayFor("10.0.0.1"), Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task WaitAsync_WaitsTheDelayOnTheClock()
    {
        for (var i = 0; i < 4; i++)
        {
            _throttle.Failed("10.0.0.1");
        }

        var wait = _throttle.WaitAsync("10.0.0.1", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(wait.IsCompleted, Is.False);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await wait;
        Assert.That(_throttle.WaitAsync("10.0.0.2", CancellationToken.None).IsCompleted, Is.True);
    }
}
