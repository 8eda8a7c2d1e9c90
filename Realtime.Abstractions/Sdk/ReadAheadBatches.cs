using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Realtime.Abstractions.Sdk;

/// <summary>
/// Hands items from a firehose's reader thread (which fetches and parses ahead) to the ingest thread in order, in
/// batches, with a bounded number of batches ahead: the reader waits when the ingest loop falls behind.
/// </summary>
/// <typeparam name="T">What is handed over, typically a <see cref="ParsedRow{TPosition}"/>.</typeparam>
/// <remarks>
/// One reader thread calls <see cref="Add"/>, <see cref="Flush"/>, <see cref="Complete"/> and <see cref="Fail"/>; one ingest thread calls
/// <see cref="WaitToTakeAsync"/> and <see cref="TryTake"/>. An error the reader completes with is thrown on the ingest
/// thread once the items before it have been taken. Added in contracts 1.2.
/// </remarks>
public sealed class ReadAheadBatches<T>
{
    private readonly Channel<T[]> _batches;
    private readonly List<T> _filling;
    private readonly int _batchSize;
    private T[] _batch = [];
    private int _next;

    /// <summary>Creates the hand-over.</summary>
    /// <param name="batchSize">Items per batch; a batch is handed over when full or flushed.</param>
    /// <param name="batchesAhead">How many full batches may wait for the ingest thread.</param>
    public ReadAheadBatches(int batchSize, int batchesAhead)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesAhead, 1);
        _batchSize = batchSize;
        _filling = new List<T>(batchSize);
        _batches = Channel.CreateBounded<T[]>(new BoundedChannelOptions(batchesAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The items added but not yet handed over.</summary>
    public int Pending => _filling.Count;

    /// <summary>Adds an item; hands the batch over when it is full, waiting while too many batches are ahead.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public void Add(T item, CancellationToken cancellationToken)
    {
        _filling.Add(item);
        if (_filling.Count == _batchSize)
        {
            Flush(cancellationToken);
        }
    }

    /// <summary>Hands the items added so far over as one batch, waiting while too many batches are ahead.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public void Flush(CancellationToken cancellationToken)
    {
        if (_filling.Count == 0)
        {
            return;
        }

        T[] batch = [.. _filling];
        while (!_batches.Writer.TryWrite(batch))
        {
            if (!_batches.Writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }

        _filling.Clear();
    }

    /// <summary>Hands over what is left, waiting for room, and ends the stream of items.</summary>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled while waiting: the stream ends without the items left.
    /// </exception>
    public void Complete(CancellationToken cancellationToken)
    {
        try
        {
            Flush(cancellationToken);
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }

    /// <summary>Ends the stream of items with <paramref name="error"/>, thrown on the ingest thread after the items handed over.</summary>
    public void Fail(Exception error) => _batches.Writer.TryComplete(error);

    /// <summary>Waits until an item can be taken.</summary>
    /// <returns>True when an item is ready; false when the reader completed and every item has been taken.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no item is lost.</exception>
    /// <remarks>Rethrows the error the reader completed with, after its items.</remarks>
    public async ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken)
    {
        while (_next == _batch.Length)
        {
            try
            {
                if (!await _batches.Reader.WaitToReadAsync(cancellationToken))
                {
                    return false;
                }
            }
            catch (ChannelClosedException e) when (e.InnerException is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            _batches.Reader.TryRead(out var batch);
            _batch = batch!;
            _next = 0;
        }

        return true;
    }

    /// <summary>Takes the next item of the current batch, without waiting.</summary>
    /// <returns>False when the current batch is used up: call <see cref="WaitToTakeAsync"/>.</returns>
    public bool TryTake(out T item)
    {
        if (_next == _batch.Length)
        {
            item = default!;
            return false;
        }

        item = _batch[_next++];
        return true;
    }
}
