using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// The durable pushes waiting for their rows to be persisted: each is answered when a committer covering its last row
/// runs, and while any waits the ledger asks the pipeline for a persist every <c>durablePersistPeriod</c>.
/// </summary>
/// <remarks>
/// Thread-safe. Batches are tracked in the order of their positions, as they enter the buffer; committers run
/// <see cref="Acknowledge"/> on the thread that persists. A quiet stream would never persist on its own, hence the timer,
/// and the one last persist <see cref="AwaitLastAsync"/> asks for when the firehose ends.
/// </remarks>
internal sealed class AcknowledgementLedger : IAsyncDisposable
{
    private readonly EventReceiverFirehoseFactory _spec;
    private readonly Action _requestPersist;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ITimer _persistTimer;
    private readonly Queue<PushedBatch> _waiting = new();
    private Task _last = Task.CompletedTask;
    private bool _persistTimerArmed;
    private bool _closed;
    private bool _finalPersistRequested;

    public AcknowledgementLedger(EventReceiverFirehoseFactory spec, Action requestPersist, TimeProvider clock, ILogger logger)
    {
        _spec = spec;
        _requestPersist = requestPersist;
        _clock = clock;
        _logger = logger;
        _persistTimer = clock.CreateTimer(static s => ((AcknowledgementLedger)s!).OnPersistTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Records a durable batch that entered the buffer after every batch tracked before it.</summary>
    public void Track(PushedBatch batch)
    {
        lock (_waiting)
        {
            _waiting.Enqueue(batch);
            _last = batch.Durable!.Task;
            ArmPersistTimer();
        }
    }

    /// <summary>Answers the durable pushes whose rows are all at or before <paramref name="position"/>; run by a committer.</summary>
    public void Acknowledge(long position)
    {
        lock (_waiting)
        {
            while (_waiting.TryPeek(out var batch) && batch.End <= position)
            {
                _waiting.Dequeue();
                batch.Durable!.TrySetResult();
            }
        }
    }

    /// <summary>Stops asking for persists on the timer: no batch enters any more, and the end asks for the last one.</summary>
    public void Close()
    {
        lock (_waiting)
        {
            _closed = true;
        }
    }

    /// <summary>At the end of the firehose: asks once for a persist of what was taken and waits, up to pushTimeout, for its commit.</summary>
    public async Task AwaitLastAsync(CancellationToken cancellationToken)
    {
        Task last;
        lock (_waiting)
        {
            last = _last;
        }

        if (last.IsCompleted)
        {
            return;
        }

        if (!_finalPersistRequested)
        {
            _finalPersistRequested = true;
            _requestPersist();
        }

        try
        {
            await last.WaitAsync(_spec.PushTimeout, _clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            HttpLog.ReceiverEndedNotDurable(_logger, _spec.ServiceName, _spec.PushTimeout);
        }
    }

    /// <summary>Stops the timer and answers the pushes still waiting with 503: their events were not persisted.</summary>
    public async ValueTask DisposeAsync()
    {
        await _persistTimer.DisposeAsync();
        lock (_waiting)
        {
            while (_waiting.TryDequeue(out var batch))
            {
                batch.Durable!.TrySetException(new PushRejectedException(503,
                    "The node stopped before these events were persisted; they were not ingested. Retry once it is back."));
            }
        }
    }

    private void OnPersistTimer()
    {
        lock (_waiting)
        {
            _persistTimerArmed = false;
            if (_waiting.Count == 0)
            {
                return;
            }

            ArmPersistTimer();
        }

        _requestPersist();
    }

    /// <summary>Arms the persist timer unless it is armed or the ledger is closed; called under the lock.</summary>
    private void ArmPersistTimer()
    {
        if (!_persistTimerArmed && !_closed)
        {
            _persistTimerArmed = true;
            _persistTimer.Change(_spec.DurablePersistPeriod, Timeout.InfiniteTimeSpan);
        }
    }
}
