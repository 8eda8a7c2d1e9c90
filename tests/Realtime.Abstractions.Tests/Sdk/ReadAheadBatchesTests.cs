using Realtime.Abstractions.Sdk;

namespace Realtime.Abstractions.Tests.Sdk;

public class ReadAheadBatchesTests
{
    [Test]
    public async Task Items_reach_the_ingest_side_in_order_across_batches_and_partial_batches()
    {
        var batches = new ReadAheadBatches<int>(batchSize: 3, batchesAhead: 2);
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                batches.Add(i, CancellationToken.None);
            }

            batches.Complete(CancellationToken.None);
        });

        var taken = await TakeAllAsync(batches);
        await reader;

        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public async Task A_flush_hands_over_a_partial_batch()
    {
        var batches = new ReadAheadBatches<string>(batchSize: 100, batchesAhead: 1);
        batches.Add("a", CancellationToken.None);
        batches.Flush(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(batches.Pending, Is.Zero);
            Assert.That(await batches.WaitToTakeAsync(CancellationToken.None), Is.True);
            Assert.That(batches.TryTake(out var item) ? item : null, Is.EqualTo("a"));
            Assert.That(batches.TryTake(out _), Is.False);
        });
    }

    [Test]
    public async Task A_reader_failure_is_thrown_on_the_ingest_side_after_the_items_before_it()
    {
        var batches = new ReadAheadBatches<int>(batchSize: 2, batchesAhead: 4);
        batches.Add(1, CancellationToken.None);
        batches.Add(2, CancellationToken.None);
        batches.Fail(new IOException("the file went away"));

        var taken = new List<int>();
        var failure = Assert.ThrowsAsync<IOException>(async () => await TakeAllAsync(batches, taken));

        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(new[] { 1, 2 }));
            Assert.That(failure!.Message, Is.EqualTo("the file went away"));
        });
    }

    [Test]
    public void Completing_while_the_ingest_side_is_behind_ends_when_the_reader_is_cancelled()
    {
        var batches = new ReadAheadBatches<int>(batchSize: 2, batchesAhead: 1);
        batches.Add(1, CancellationToken.None);
        batches.Add(2, CancellationToken.None);
        batches.Add(3, CancellationToken.None);
        using var closing = new CancellationTokenSource();
        closing.Cancel();

        Assert.That(() => batches.Complete(closing.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void The_ingest_sides_wait_can_be_cancelled()
    {
        var batches = new ReadAheadBatches<int>(batchSize: 1, batchesAhead: 1);
        using var stopping = new CancellationTokenSource();
        var waiting = batches.WaitToTakeAsync(stopping.Token);
        stopping.Cancel();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    private static async Task<List<T>> TakeAllAsync<T>(ReadAheadBatches<T> batches, List<T>? into = null)
    {
        var taken = into ?? [];
        while (await batches.WaitToTakeAsync(CancellationToken.None))
        {
            while (batches.TryTake(out var item))
            {
                taken.Add(item);
            }
        }

        return taken;
    }
}
