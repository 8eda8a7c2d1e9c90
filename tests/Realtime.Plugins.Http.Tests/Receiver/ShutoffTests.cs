using System.Collections.Concurrent;
using Realtime.Plugins.Http.Receiver;
using static Realtime.Plugins.Http.Tests.Polling;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class ShutoffTests
{
    private readonly ConcurrentQueue<CloseReason> _closed = new();

    [SetUp]
    public void ForgetClosings() => _closed.Clear();

    [Test]
    public async Task A_shutoff_time_that_has_come_closes_at_once()
    {
        await using var shutoff = new Shutoff(maxIdleTime: 0, TimeProvider.System, _closed.Enqueue);

        shutoff.At(shutoffMillis: 1_000, nowMillis: 1_000);

        Assert.That(_closed, Is.EqualTo(new[] { CloseReason.ShutDown }));
    }

    [Test]
    public async Task A_later_shutoff_time_closes_when_it_comes()
    {
        await using var shutoff = new Shutoff(maxIdleTime: 0, TimeProvider.System, _closed.Enqueue);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        shutoff.At(now + 50, now);
        var closedAtOnce = !_closed.IsEmpty;
        await WaitUntilAsync(() => !_closed.IsEmpty);

        Assert.Multiple(() =>
        {
            Assert.That(closedAtOnce, Is.False);
            Assert.That(_closed, Is.EqualTo(new[] { CloseReason.ShutDown }));
        });
    }

    [Test]
    public async Task Pushes_keep_the_receiver_open_until_none_comes_for_max_idle_time()
    {
        await using var shutoff = new Shutoff(maxIdleTime: 400, TimeProvider.System, _closed.Enqueue);

        for (var i = 0; i < 12; i++)
        {
            shutoff.Pushed(TimeProvider.System.GetTimestamp());
            await Task.Delay(50);
        }

        var closedWhilePushed = !_closed.IsEmpty;
        await WaitUntilAsync(() => !_closed.IsEmpty);

        Assert.Multiple(() =>
        {
            Assert.That(closedWhilePushed, Is.False);
            Assert.That(_closed, Is.EqualTo(new[] { CloseReason.Idle }));
        });
    }
}
