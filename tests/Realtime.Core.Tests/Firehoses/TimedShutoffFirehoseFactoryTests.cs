using Microsoft.Extensions.Time.Testing;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

public sealed class TimedShutoffFirehoseFactoryTests
{
    private static readonly DateTimeOffset Start = new(2015, 8, 25, 1, 0, 0, TimeSpan.Zero);

    /// <summary>A guard against a hang, not a timing assertion.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_wait_inside_the_delegate_ends_at_the_shutoff_time()
    {
        var clock = new FakeTimeProvider(Start);
        var source = new ChannelFirehoseFactory();
        var factory = new TimedShutoffFirehoseFactory { Delegate = source, ShutoffTime = "2015-08-25T01:10:00Z" };
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(clock: clock), CancellationToken.None);

        source.Messages.Writer.TryWrite("before");
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        Assert.That(firehose.NextRow()!.GetRaw("line"), Is.EqualTo("before"));

        using var stopping = new CancellationTokenSource();
        var waiting = firehose.HasMoreAsync(stopping.Token).AsTask();
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.That(waiting.IsCompleted, Is.False);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.That(await waiting.WaitAsync(Hang), Is.False);
        source.Messages.Writer.TryWrite("after");
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Rows_pass_until_the_shutoff_time_even_when_the_delegate_never_waits()
    {
        var clock = new FakeTimeProvider(Start);
        var factory = new TimedShutoffFirehoseFactory { Delegate = new ListFirehoseFactory("a", "b", "c"), ShutoffTime = "2015-08-25T02:00:00Z" };
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(clock: clock), CancellationToken.None);

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        Assert.That(firehose.NextRow()!.GetRaw("line"), Is.EqualTo("a"));
        clock.Advance(TimeSpan.FromHours(1));

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task A_shutoff_time_in_the_past_ends_at_once()
    {
        var factory = new TimedShutoffFirehoseFactory { Delegate = new ListFirehoseFactory("a"), ShutoffTime = "2015-08-25T00:59:59Z" };

        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(clock: new FakeTimeProvider(Start)), CancellationToken.None);

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public async Task The_callers_cancellation_is_not_mistaken_for_the_shutoff()
    {
        var clock = new FakeTimeProvider(Start);
        var factory = new TimedShutoffFirehoseFactory { Delegate = new ChannelFirehoseFactory(), ShutoffTime = "2015-08-25T02:00:00Z" };
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(clock: clock), CancellationToken.None);
        using var stopping = new CancellationTokenSource();

        var waiting = firehose.HasMoreAsync(stopping.Token).AsTask();
        await stopping.CancelAsync();

        Assert.That(async () => await waiting.WaitAsync(Hang), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Disposing_disposes_the_delegate()
    {
        var source = new ChannelFirehoseFactory();
        var factory = new TimedShutoffFirehoseFactory { Delegate = source, ShutoffTime = "2015-08-25T02:00:00Z" };

        await (await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(clock: new FakeTimeProvider(Start)), CancellationToken.None)).DisposeAsync();

        Assert.That(source.Disposed, Is.True);
    }

    [Test]
    public void A_shutoff_time_without_zone_is_utc()
    {
        var factory = new TimedShutoffFirehoseFactory { Delegate = new ListFirehoseFactory(), ShutoffTime = "2015-08-25T01:26:05.119" };

        Assert.That(factory.ShutoffMillis, Is.EqualTo(new DateTimeOffset(2015, 8, 25, 1, 26, 5, 119, TimeSpan.Zero).ToUnixTimeMilliseconds()));
    }

    [Test]
    public void An_invalid_shutoff_time_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new TimedShutoffFirehoseFactory { Delegate = new ListFirehoseFactory(), ShutoffTime = "tomorrow" })!;

        Assert.That(e.Message, Does.Contain("shutoffTime").And.Contain("tomorrow"));
    }
}
