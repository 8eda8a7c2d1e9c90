using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Parsing;
using Realtime.Plugins.Http.Receiver;
using static Realtime.Plugins.Http.Tests.Polling;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class AcknowledgementLedgerTests
{
    private int _persistRequests;

    [SetUp]
    public void ResetPersistRequests() => _persistRequests = 0;

    [Test]
    public async Task A_commit_answers_the_pushes_whose_rows_all_lie_at_or_before_its_position()
    {
        await using var ledger = Ledger(TimeSpan.FromHours(1));
        var first = Tracked(ledger, end: 2);
        var second = Tracked(ledger, end: 5);

        ledger.Acknowledge(4);
        var afterFour = (first.IsCompleted, second.IsCompleted);
        ledger.Acknowledge(5);

        Assert.Multiple(() =>
        {
            Assert.That(afterFour, Is.EqualTo((true, false)));
            Assert.That(second.IsCompletedSuccessfully, Is.True);
        });
    }

    [Test]
    public async Task While_a_push_waits_the_ledger_asks_for_a_persist_every_period()
    {
        await using var ledger = Ledger(TimeSpan.FromMilliseconds(20));

        _ = Tracked(ledger, end: 1);
        await WaitUntilAsync(() => Volatile.Read(ref _persistRequests) >= 2);

        Assert.That(_persistRequests, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task At_the_end_the_ledger_asks_once_more_and_waits_for_that_commit()
    {
        await using var ledger = Ledger(TimeSpan.FromHours(1));
        _ = Tracked(ledger, end: 3);
        ledger.Close();

        var last = ledger.AwaitLastAsync(CancellationToken.None);
        var waited = !last.IsCompleted;
        ledger.Acknowledge(3);
        await last;
        await ledger.AwaitLastAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(waited, Is.True);
            Assert.That(_persistRequests, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Disposing_answers_the_waiting_pushes_with_503()
    {
        var ledger = Ledger(TimeSpan.FromHours(1));
        var waiting = Tracked(ledger, end: 1);

        await ledger.DisposeAsync();
        var refused = Assert.ThrowsAsync<PushRejectedException>(() => waiting);

        Assert.That(refused!.StatusCode, Is.EqualTo(503));
    }

    private AcknowledgementLedger Ledger(TimeSpan persistPeriod) => new(
        new EventReceiverFirehoseFactory { ServiceName = "events", AckMode = AckMode.Durable, DurablePersistPeriod = persistPeriod },
        () => Interlocked.Increment(ref _persistRequests), TimeProvider.System, NullLogger.Instance);

    private static Task Tracked(AcknowledgementLedger ledger, long end)
    {
        var batch = new PushedBatch(new InputRow?[1], producer: null, skippedRows: 0, durable: true) { End = end };
        ledger.Track(batch);
        return batch.Durable!.Task;
    }
}
