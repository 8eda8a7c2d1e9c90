using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Merging;

/// <summary>
/// Merges <c>timeseries</c>: rows of equal buckets combined, then zero-filled, ordered and limited as on one node. With
/// granularity <c>all</c>, data nodes keep the query's <c>skipEmptyBuckets</c>, and the earliest of their buckets' dates wins.
/// </summary>
internal sealed class TimeseriesMerger(TimeseriesQuery query) : QueryMerger
{
    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream)
    {
        downstream.Remove("postAggregations");
        downstream.Remove("limit");
        downstream["descending"] = false;
        SetContext(downstream, "grandTotal", false);
        // The single bucket of granularity all is dated by every segment read, matching rows or not (unless skipped).
        SetContext(downstream, "skipEmptyBuckets", query.Granularity != Granularity.All || query.SkipEmptyBuckets);
    }

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var result = new GroupingResult();
        result.Covered.AddRange(scope.Covered);
        foreach (var row in Rows(partials))
        {
            AddCursorStart(query.Granularity, result, row);
            result.Add(new GroupKey(Bucket(query.Granularity, row), []), Aggregates(query.Aggregations, row.GetProperty("result")), query.Aggregations);
        }

        return TimeseriesRunner.Finish(query, result, scope.Limits, scope.CancellationToken);
    }
}

/// <summary>
/// Merges <c>topN</c>: data nodes are asked for at least <c>minTopNThreshold</c> values per bucket, the values'
/// aggregates are combined, and the merged values ranked and cut at the query's threshold, as Druid's brokers do.
/// </summary>
internal sealed class TopNMerger(TopNQuery query, int minTopNThreshold) : QueryMerger
{
    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream)
    {
        var least = query.QueryContext.GetLong("minTopNThreshold") ?? minTopNThreshold;
        downstream["threshold"] = Math.Max(query.Threshold, (int)Math.Clamp(least, 1, int.MaxValue));
    }

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var result = new GroupingResult();
        result.Covered.AddRange(scope.Covered);
        var dimension = query.Dimension.OutputName;
        foreach (var bucket in Rows(partials))
        {
            AddCursorStart(query.Granularity, result, bucket);
            var start = Bucket(query.Granularity, bucket);
            foreach (var value in bucket.GetProperty("result").EnumerateArray())
            {
                result.Add(new GroupKey(start, [DimensionText(value, dimension)]), Aggregates(query.Aggregations, value), query.Aggregations);
            }
        }

        return TopNRunner.Finish(query, result, scope.Limits, scope.CancellationToken);
    }
}

/// <summary>Merges <c>groupBy</c>: groups re-aggregated across data nodes, then subtotals, post-aggregators, having and the limit spec.</summary>
internal sealed class GroupByMerger(GroupByQuery query) : QueryMerger
{
    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream)
    {
        downstream.Remove("postAggregations");
        downstream.Remove("having");
        downstream.Remove("limitSpec");
        downstream.Remove("subtotalsSpec");
    }

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var result = new GroupingResult();
        result.Covered.AddRange(scope.Covered);
        foreach (var row in Rows(partials))
        {
            var values = row.GetProperty("event");
            var key = new string?[query.Dimensions.Count];
            for (var d = 0; d < key.Length; d++)
            {
                key[d] = DimensionText(values, query.Dimensions[d].OutputName);
            }

            result.Add(new GroupKey(Bucket(query.Granularity, row), key), Aggregates(query.Aggregations, values), query.Aggregations);
        }

        return GroupByRunner.Finish(query, result, scope.Limits, scope.CancellationToken);
    }
}
