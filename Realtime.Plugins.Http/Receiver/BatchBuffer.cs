namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// The bounded buffer between pushes and the ingest loop. A batch enters whole once there is room, and in the same step
/// its producer sequence is recorded, it gets its position, and a durable batch joins the acknowledgement ledger.
/// </summary>
/// <remarks>
/// Thread-safe: pushes enter concurrently and one ingest loop takes. A batch larger than the buffer enters only an empty
/// buffer. A push waits for room until its deadline, then gets 503. Once closed, the buffer refuses batches and the ingest
/// loop takes what it still holds.
/// </remarks>
internal sealed class BatchBuffer(EventReceiverFirehoseFactory spec, ProducerSequences producers, AcknowledgementLedger? ledger)
{
    private readonly object _gate = new();
    private readonly Queue<PushedBatch> _batches = new();
    private long _bufferedRows;
    private long _acceptedRows;
    private TaskCompletionSource _rowsArrived = NewSignal();
    private TaskCompletionSource _roomFreed = NewSignal();
    private CloseReason? _closed;

    /// <summary>Puts a batch into the buffer once there is room for it; an empty batch only records its producer sequence.</summary>
    /// <returns>
    /// Null when the batch went in; otherwise the durability of the batch with the same producer sequence that a
    /// concurrent push put in first.
    /// </returns>
    /// <exception cref="PushRejectedException">
    /// The buffer stayed full until the deadline, or the node is stopping (503); the firehose is closed (410).
    /// </exception>
    public async Task<Task?> EnqueueAsync(PushedBatch batch, PushDeadline deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_gate)
            {
                ThrowIfClosed();
                var count = batch.Rows.Length;
                if (_bufferedRows == 0 || _bufferedRows + count <= spec.BufferSize)
                {
                    if (batch.Producer is { } producer && !producers.Accept(producer.Id, producer.Sequence, batch.Durable?.Task))
                    {
                        producers.Admit(producer.Id, producer.Sequence, out var stale);
                        return stale ?? Task.CompletedTask;
                    }

                    if (count == 0)
                    {
                        return null;
                    }

                    _acceptedRows += count;
                    batch.End = _acceptedRows;
                    _batches.Enqueue(batch);
                    _bufferedRows += count;
                    _rowsArrived.TrySetResult();
                    if (batch.Durable is not null)
                    {
                        ledger!.Track(batch);
                    }

                    return null;
                }

                if (_roomFreed.Task.IsCompleted)
                {
                    _roomFreed = NewSignal();
                }

                room = _roomFreed.Task;
            }

            var remaining = deadline.Remaining;
            try
            {
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                await room.WaitAsync(remaining, deadline.Clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new PushRejectedException(503,
                    $"The receiver's buffer ({spec.BufferSize} events) stayed full for pushTimeout ({spec.PushTimeout}); nothing of this batch was taken. Retry later.");
            }
        }
    }

    /// <summary>Takes the next batch, waiting for one; null once the buffer is closed and empty.</summary>
    public async ValueTask<PushedBatch?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_batches.TryDequeue(out var batch))
                {
                    _bufferedRows -= batch.Rows.Length;
                    _roomFreed.TrySetResult();
                    return batch;
                }

                if (_closed is not null)
                {
                    return null;
                }

                if (_rowsArrived.Task.IsCompleted)
                {
                    _rowsArrived = NewSignal();
                }

                arrived = _rowsArrived.Task;
            }

            await arrived.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes the buffer: no batch enters any more, and waiting pushes and the ingest loop wake up.</summary>
    /// <returns>False when it was closed already.</returns>
    public bool Close(CloseReason reason)
    {
        lock (_gate)
        {
            if (_closed is not null)
            {
                return false;
            }

            _closed = reason;
            ledger?.Close();
            _rowsArrived.TrySetResult();
            _roomFreed.TrySetResult();
            return true;
        }
    }

    private void ThrowIfClosed()
    {
        switch (_closed)
        {
            case null:
                return;
            case CloseReason.Stopping:
                throw new PushRejectedException(503, $"The receiver firehose '{spec.ServiceName}' is stopping with the node; retry once it is back.");
            default:
                throw new PushRejectedException(410, $"The receiver firehose '{spec.ServiceName}' is closed and takes no more events.");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
