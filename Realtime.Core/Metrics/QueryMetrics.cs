using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Realtime.Core.Metrics;

/// <summary>
/// The <c>Realtime</c> meter's query instruments: query time and the count of queries by outcome
/// (<c>success</c>, <c>failed</c>, <c>interrupted</c>), tagged with the data source and query type.
/// </summary>
/// <remarks>Safe for concurrent use.</remarks>
public sealed class QueryMetrics
{
    private static readonly double[] DurationBucketsMillis = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

    private readonly Histogram<double> _time;
    private readonly Counter<long> _count;

    /// <summary>Creates the instruments on the <see cref="RealtimeMetrics.MeterName"/> meter of <paramref name="meterFactory"/>.</summary>
    public QueryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RealtimeMetrics.MeterName);
        _time = meter.CreateHistogram("realtime.query.time", "ms", "Time taken to run a query.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsMillis });
        _count = meter.CreateCounter<long>("realtime.query.count", "{query}", "Queries run, by outcome: success, failed or interrupted (cancelled or timed out).");
    }

    /// <summary>Records one query.</summary>
    /// <param name="dataSource">The query's data source.</param>
    /// <param name="queryType">The query type, for example <c>timeseries</c>.</param>
    /// <param name="outcome"><c>success</c>, <c>failed</c> or <c>interrupted</c>.</param>
    /// <param name="milliseconds">How long it ran.</param>
    public void Record(string dataSource, string queryType, string outcome, double milliseconds)
    {
        var tags = new TagList { { "data_source", dataSource }, { "type", queryType }, { "outcome", outcome } };
        _time.Record(milliseconds, tags);
        _count.Add(1, tags);
    }
}
