namespace Realtime.Core.Query;

/// <summary>Query settings, bound from <c>Realtime:Query</c>.</summary>
public sealed class QueryOptions
{
    /// <summary>The most threads one query uses to scan indexes in parallel; the processor count by default.</summary>
    public int MaxThreadsPerQuery { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How long a query may run when its context sets no <c>timeout</c> (Druid's <c>druid.server.http.defaultQueryTimeout</c>);
    /// 5 minutes by default. A context <c>timeout</c> of 0 runs without one.
    /// </summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most time buckets one query may produce (zero-filled <c>timeseries</c> buckets included); 1,000,000 by default.
    /// A query over more is refused before it runs.
    /// </summary>
    public int MaxBuckets { get; set; } = 1_000_000;

    /// <summary>
    /// The most result rows one query may produce: <c>groupBy</c> groups (Druid's <c>maxResults</c>), <c>timeseries</c>
    /// and <c>topN</c> rows, <c>scan</c> rows; 500,000 by default.
    /// </summary>
    public int MaxResultRows { get; set; } = 500_000;
}
