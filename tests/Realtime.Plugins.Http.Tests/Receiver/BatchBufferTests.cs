using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Parsing;
using Realtime.Plugins.Http.Receiver;

namespace Realtime.Plugins.Http.Tests.Receiver;

public sealed class BatchBufferTests
{
    private static readonly PushDeadline Patient = new(TimeProvider.System.GetTimestamp(), TimeSpan.FromMinutes(1), TimeProvider.System);

    [Test]
    public async Task Batches_are_taken_in_order_with_the_position_after_their_last_row()
    {
        var buffer = Buffer(bufferSize: 10);

        await buffer.EnqueueAsync(Batch(2), Patient, CancellationToken.None);
        await buffer.EnqueueAsync(Batch(3), Patient, CancellationToken.None);
        var first = await buffer.TakeAsync(CancellationToken.None);
        var second = await buffer.TakeAsync(CancellationToken.None);

        Assert.That(new[] { first!.End, second!.End }, Is.EqualTo(new long[] { 2, 5 }));
    }

    [Test]
    public async Task A_batch_larger_than_the_buffer_waits_until_the_buffer_is_empty()
    {
        var buffer = Buffer(bufferSize: 2);
        await buffer.EnqueueAsync(Batch(1), Patient, CancellationToken.None);

        var large = buffer.EnqueueAsync(Batch(3), Patient, CancellationToken.None);
        var waitedForRoom = !large.IsCompleted;
        await buffer.TakeAsync(CancellationToken.None);
        await large;
        var taken = await buffer.TakeAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(waitedForRoom, Is.True);
            Assert.That(taken!.Rows, Has.Length.EqualTo(3));
        });
    }

    [Test]
    public async Task A_buffer_full_until_the_deadline_refuses_with_503()
    {
        var buffer = Buffer(bufferSize: 2);
        await buffer.EnqueueAsync(Batch(2), Patient, CancellationToken.None);
        var deadline = new PushDeadline(TimeProvider.System.GetTimestamp(), TimeSpan.FromMilliseconds(50), TimeProvider.System);

        var refused = Assert.ThrowsAsync<PushRejectedException>(() => buffer.EnqueueAsync(Batch(1), deadline, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(503));
            Assert.That(refused.Message, Does.Contain("buffer (2 events) stayed full"));
        });
    }

    [TestCase(nameof(CloseReason.ShutDown), 410)]
    [TestCase(nameof(CloseReason.Idle), 410)]
    [TestCase(nameof(CloseReason.Stopping), 503)]
    public async Task A_closed_buffer_refuses_batches_and_ends_once_drained(string reason, int status)
    {
        var buffer = Buffer(bufferSize: 10);
        await buffer.EnqueueAsync(Batch(1), Patient, CancellationToken.None);

        var closed = buffer.Close(Enum.Parse<CloseReason>(reason));
        var closedAgain = buffer.Close(CloseReason.Stopping);
        var refused = Assert.ThrowsAsync<PushRejectedException>(() => buffer.EnqueueAsync(Batch(1), Patient, CancellationToken.None));

        Assert.Multiple(async () =>
        {
            Assert.That(closed, Is.True);
            Assert.That(closedAgain, Is.False);
            Assert.That(refused!.StatusCode, Is.EqualTo(status));
            Assert.That(await buffer.TakeAsync(CancellationToken.None), Is.Not.Null, "what the buffer held is still taken");
            Assert.That(await buffer.TakeAsync(CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task A_producer_sequence_enters_once_and_a_second_push_of_it_gets_the_first_ones_durability()
    {
        var spec = Spec(bufferSize: 10);
        await using var ledger = new AcknowledgementLedger(spec, () => { }, TimeProvider.System, NullLogger.Instance);
        var buffer = new BatchBuffer(spec, new ProducerSequences(null), ledger);
        var first = Batch(2, new ProducerBatch("p", 4), durable: true);

        var firstEntered = await buffer.EnqueueAsync(first, Patient, CancellationToken.None);
        var second = await buffer.EnqueueAsync(Batch(2, new ProducerBatch("p", 4), durable: true), Patient, CancellationToken.None);
        ledger.Acknowledge(2);

        Assert.Multiple(() =>
        {
            Assert.That(firstEntered, Is.Null);
            Assert.That(second, Is.SameAs(first.Durable!.Task));
            Assert.That(second!.IsCompletedSuccessfully, Is.True, "the buffer tracked the first batch in the ledger");
        });
    }

    [Test]
    public async Task An_empty_batch_records_its_producer_sequence_without_entering()
    {
        var producers = new ProducerSequences(null);
        var buffer = new BatchBuffer(Spec(bufferSize: 10), producers, ledger: null);

        var entered = await buffer.EnqueueAsync(Batch(0, new ProducerBatch("p", 1)), Patient, CancellationToken.None);
        buffer.Close(CloseReason.ShutDown);

        Assert.Multiple(async () =>
        {
            Assert.That(entered, Is.Null);
            Assert.That(producers.Admit("p", 1, out _), Is.Null, "sequence 1 is now stale");
            Assert.That(await buffer.TakeAsync(CancellationToken.None), Is.Null);
        });
    }

    private static EventReceiverFirehoseFactory Spec(int bufferSize) =>
        new() { ServiceName = "events", BufferSize = bufferSize, AckMode = AckMode.Durable };

    private static BatchBuffer Buffer(int bufferSize) => new(Spec(bufferSize), new ProducerSequences(null), ledger: null);

    private static PushedBatch Batch(int rows, ProducerBatch? producer = null, bool durable = false) =>
        new(new InputRow?[rows], producer, skippedRows: 0, durable);
}
