using System.Collections.Concurrent;
using System.Diagnostics;
using Realtime.Core.Metrics;

namespace Realtime.Core.Query;

/// <summary>
/// The queries running on a node by id, each with its cancellation (what <c>DELETE /druid/v2/{queryId}</c> cancels)
/// and its timeout (the context's <c>timeout</c>, else <paramref name="defaultTimeout"/>, 5 minutes when not given,
/// measured on <paramref name="clock"/>); every run is recorded in the query metrics by outcome.
/// </summary>
internal sealed class RunningQueries(QueryMetrics? metrics, TimeSpan? defaultTimeout = null, TimeProvider? clock = null)
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    /// <summary>The timeout of a query whose context sets none.</summary>
    public TimeSpan DefaultTimeout { get; } = defaultTimeout ?? new QueryOptions().DefaultTimeout;

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
        var limit = TimeoutOf(query);
        using var timeout = new CancellationTokenSource(limit ?? Timeout.InfiniteTimeSpan, clock ?? TimeProvider.System);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancel.Token, timeout.Token);
        var running = new Running(cancel, query.DataSource.Tables);
        var registered = _running.TryAdd(queryId, running);
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
                ? new QueryTimeoutException($"Query [{queryId}] timed out after {limit?.TotalMilliseconds} ms (the context's timeout, else Realtime:Query:DefaultTimeout).")
                : new QueryCancelledException($"Query [{queryId}] was cancelled.");
        }
        finally
        {
            metrics?.Record(query.DataSource.ToString(), query.QueryType, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (registered)
            {
                _running.TryRemove(new KeyValuePair<string, Running>(queryId, running));
            }
        }
    }

    /// <summary>How long <paramref name="query"/> may run: its context <c>timeout</c> in milliseconds (0 for no limit), else <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan? TimeoutOf(Model.Query query) => query.QueryContext.GetLong("timeout") switch
    {
        null => DefaultTimeout > TimeSpan.Zero ? DefaultTimeout : null,
        <= 0 => null,
        { } millis => TimeSpan.FromMilliseconds(millis),
    };

    /// <summary>Cancels the running query with id <paramref name="queryId"/>; false when no such query runs.</summary>
    public bool Cancel(string queryId)
    {
        if (!_running.TryGetValue(queryId, out var running))
        {
            return false;
        }

        try
        {
            running.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The data sources the running query with id <paramref name="queryId"/> reads, or null when no such query runs.</summary>
    public IReadOnlyList<string>? DataSourcesOf(string queryId) => _running.TryGetValue(queryId, out var running) ? running.DataSources : null;

    private sealed record Running(CancellationTokenSource Cancellation, IReadOnlyList<string> DataSources);
}
