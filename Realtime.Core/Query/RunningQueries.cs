using System.Collections.Concurrent;
using System.Diagnostics;
using Realtime.Core.Metrics;

namespace Realtime.Core.Query;

/// <summary>
/// The queries running on a node by id, each with its cancellation (what <c>DELETE /druid/v2/{queryId}</c> cancels)
/// and its context <c>timeout</c>; every run is recorded in the query metrics by outcome.
/// </summary>
internal sealed class RunningQueries(QueryMetrics? metrics)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>The ids of the queries running now.</summary>
    public IReadOnlyCollection<string> Ids => [.. _running.Keys];

    /// <summary>
    /// Runs <paramref name="run"/> for <paramref name="query"/> under id <paramref name="queryId"/>, with a token that
    /// is cancelled by <paramref name="cancellationToken"/>, by <see cref="Cancel"/> or when the timeout passes.
    /// </summary>
    /// <param name="query">The query, for its timeout and the metrics' tags.</param>
    /// <param name="queryId">The id the query is cancelled by.</param>
    /// <param name="run">The work, given the query's token.</param>
    /// <param name="interrupted">Called when the query is cancelled or times out, before the exception is thrown.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <exception cref="QueryTimeoutException">The query's timeout passed.</exception>
    /// <exception cref="QueryCancelledException">The query was cancelled.</exception>
    public async Task<T> RunAsync<T>(Model.Query query, string queryId, Func<CancellationToken, Task<T>> run, Action? interrupted, CancellationToken cancellationToken)
    {
        using var cancel = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource();
        if (query.QueryContext.TimeoutMillis is { } limit)
        {
            timeout.CancelAfter(TimeSpan.FromMilliseconds(limit));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancel.Token, timeout.Token);
        var registered = _running.TryAdd(queryId, cancel);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await run(linked.Token).ConfigureAwait(false);
            outcome = "success";
            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            outcome = "interrupted";
            interrupted?.Invoke();
            throw timeout.IsCancellationRequested
                ? new QueryTimeoutException($"Query [{queryId}] timed out after {query.QueryContext.TimeoutMillis} ms.")
                : new QueryCancelledException($"Query [{queryId}] was cancelled.");
        }
        finally
        {
            metrics?.Record(query.DataSource.ToString(), query.QueryType, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (registered)
            {
                _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(queryId, cancel));
            }
        }
    }

    /// <summary>Cancels the running query with id <paramref name="queryId"/>; false when no such query runs.</summary>
    public bool Cancel(string queryId)
    {
        if (!_running.TryGetValue(queryId, out var cancellation))
        {
            return false;
        }

        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }
}
