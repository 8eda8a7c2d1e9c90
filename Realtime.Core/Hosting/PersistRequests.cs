namespace Realtime.Core.Hosting;

/// <summary>
/// Persist requests from a pipeline's firehose (<c>FirehoseContext.RequestPersist</c>), taken by its ingest loop: a
/// flag read before each row, and a token that ends a wait for the next row.
/// </summary>
/// <remarks><see cref="Request"/> is safe from any thread; the other members belong to the ingest loop.</remarks>
internal sealed class PersistRequests : IDisposable
{
    private readonly CancellationToken _stopping;
    private volatile bool _requested;
    private volatile CancellationTokenSource _wake = new();
    private CancellationTokenSource _linked;

    public PersistRequests(CancellationToken stopping)
    {
        _stopping = stopping;
        _linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _wake.Token);
    }

    /// <summary>Whether a persist was asked for and not yet taken.</summary>
    public bool Pending => _requested;

    /// <summary>Cancelled when the node stops or a persist is asked for: the token to wait for rows with.</summary>
    public CancellationToken WaitToken => _linked.Token;

    /// <summary>Asks for a persist and ends the ingest loop's wait for a row.</summary>
    public void Request()
    {
        _requested = true;
        _wake.Cancel();
    }

    /// <summary>Takes the pending request, giving a fresh wait token if the old one was spent.</summary>
    public void Take()
    {
        _requested = false;
        if (_wake.IsCancellationRequested)
        {
            _linked.Dispose();
            _wake = new CancellationTokenSource();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _wake.Token);
            if (_requested)
            {
                _wake.Cancel();
            }
        }
    }

    public void Dispose() => _linked.Dispose();
}
