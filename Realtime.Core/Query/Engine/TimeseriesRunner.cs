using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>timeseries</c>: one row per time bucket, empty buckets zero-filled unless skipped. The single bucket of
/// granularity <c>all</c> is dated where the earliest segment's cursor starts; a query of granularity <c>all</c> that
/// reads no data answers one row of empty aggregates dated at its first interval's start, unless it skips empty buckets
/// (Druid's <c>TimeseriesQueryEngine</c> and <c>TimeseriesQueryQueryToolChest</c>).
/// </summary>
internal static class TimeseriesRunner
{
    public static JsonArray Run(TimeseriesQuery query, QueryScope scope, int threads, QueryLimits limits, CancellationToken cancellationToken)
    {
        if (ZeroFills(query))
        {
            limits.CheckBuckets(query.Granularity, GroupingEngine.CoveredParts(query.EffectiveIntervals, scope.Indexes), cancellationToken);
        }

        var engine = new GroupingEngine(query.EffectiveIntervals, query.Filter, query.Granularity, [], query.Aggregations, limits);
        return Finish(query, engine.Run(scope.Segments, threads, cancellationToken), limits, cancellationToken);
    }

    /// <summary>The result rows of the combined groups: buckets zero-filled, ordered, limited, post-aggregated and finalized.</summary>
    /// <exception cref="ResourceLimitExceededException">The buckets are more than the limits allow.</exception>
    public static JsonArray Finish(TimeseriesQuery query, GroupingResult result, QueryLimits limits, CancellationToken cancellationToken)
    {
        var finisher = new RowFinisher(query);
        var output = new JsonArray();
        if (Buckets(query, result, limits, cancellationToken) is not { } buckets)
        {
            return output;
        }

        if (query.Descending)
        {
            buckets.Reverse();
        }

        foreach (var (bucket, timestamp) in buckets.Take(query.Limit ?? int.MaxValue))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = result.Groups.TryGetValue(new GroupKey(bucket, []), out var aggregated) ? aggregated : null;
            output.Add(Row(query, finisher, ResultValues.Timestamp(timestamp, query.Granularity), values));
        }

        if (query.GrandTotal)
        {
            var total = new object?[query.Aggregations.Count];
            var any = false;
            foreach (var values in result.Groups.Values)
            {
                for (var a = 0; a < total.Length; a++)
                {
                    total[a] = any ? query.Aggregations[a].Combine(total[a], values[a]) : values[a];
                }

                any = true;
            }

            output.Add(Row(query, finisher, null, any ? total : null));
        }

        return output;
    }

    private static bool ZeroFills(TimeseriesQuery query) =>
        !query.SkipEmptyBuckets && query.Granularity != Granularity.None && query.Granularity != Granularity.All;

    // Each bucket's group key and timestamp, in time order; null when the query has no answer, not even a grand total.
    private static List<(long Bucket, long Timestamp)>? Buckets(TimeseriesQuery query, GroupingResult result, QueryLimits limits, CancellationToken cancellationToken)
    {
        if (query.Granularity == Granularity.All)
        {
            if (result.AllBucketStart(query.SkipEmptyBuckets) is { } start)
            {
                return [(GroupingEngine.AllBucket, start)];
            }

            // A data node answering a broker for its segments leaves this row to the broker, which merges all of them.
            return query.SkipEmptyBuckets || query.Intervals?.Segments is not null
                ? null
                : [(GroupingEngine.AllBucket, query.EffectiveIntervals.Select(i => i.StartMillis).FirstOrDefault())];
        }

        if (result.Covered.Count == 0)
        {
            return null;
        }

        var buckets = new SortedSet<long>(result.Groups.Keys.Select(k => k.Bucket));
        if (ZeroFills(query))
        {
            limits.CheckBuckets(query.Granularity, result.Covered, cancellationToken);
            foreach (var covered in result.Covered)
            {
                foreach (var start in query.Granularity.BucketStarts(covered))
                {
                    buckets.Add(start);
                }
            }
        }

        limits.CheckBucketCount(query.Granularity, buckets.Count);
        return [.. buckets.Select(b => (b, b))];
    }

    private static JsonObject Row(TimeseriesQuery query, RowFinisher finisher, string? timestamp, object?[]? values)
    {
        var row = new ResultRow(0, new Dictionary<string, object?>(StringComparer.Ordinal));
        for (var a = 0; a < query.Aggregations.Count; a++)
        {
            row.Values[query.Aggregations[a].Name] = values is null ? QueryAggregator.EmptyValue(query.Aggregations[a]) : values[a];
        }

        finisher.PostAggregate(row);
        finisher.Finalize(row);
        return new JsonObject
        {
            ["timestamp"] = timestamp,
            ["result"] = ResultValues.ToJsonObject(row.Values),
        };
    }
}
