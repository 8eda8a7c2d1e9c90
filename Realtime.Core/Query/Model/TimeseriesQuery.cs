namespace Realtime.Core.Query.Model;

/// <summary>The <c>timeseries</c> query: aggregates per time bucket, with empty buckets zero-filled unless skipped.</summary>
public sealed class TimeseriesQuery : AggregatingQuery
{
    /// <summary>Whether buckets come newest first.</summary>
    public bool Descending { get; init; }

    /// <summary>The most buckets returned, or null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>skipEmptyBuckets</c> context flag.</summary>
    public bool SkipEmptyBuckets => QueryContext.GetBool("skipEmptyBuckets") ?? false;

    /// <summary>The <c>grandTotal</c> context flag: a last row aggregating every bucket.</summary>
    public bool GrandTotal => QueryContext.GetBool("grandTotal") ?? false;
}
