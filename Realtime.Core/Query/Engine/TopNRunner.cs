using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>topN</c>: per time bucket, the dimension's values ranked by the metric spec. Every index's groups are
/// combined before ranking, so the result is exact rather than Druid's per-segment approximation. The single bucket
/// of granularity <c>all</c> is dated where the earliest segment with matching rows starts its cursor (Druid's
/// <c>TopNQueryEngine</c>).
/// </summary>
internal static class TopNRunner
{
    public static JsonArray Run(TopNQuery query, QueryScope scope, int threads, QueryLimits limits, CancellationToken cancellationToken)
    {
        var engine = new GroupingEngine(query.EffectiveIntervals, query.Filter, query.Granularity, [query.Dimension], query.Aggregations, limits);
        return Finish(query, engine.Run(scope.Segments, threads, cancellationToken), limits, cancellationToken);
    }

    /// <summary>The result of the combined groups: per bucket, the values ranked and cut at the threshold.</summary>
    /// <exception cref="ResourceLimitExceededException">The result has more rows than the limits allow.</exception>
    public static JsonArray Finish(TopNQuery query, GroupingResult result, QueryLimits limits, CancellationToken cancellationToken)
    {
        var finisher = new RowFinisher(query);
        var dimension = query.Dimension.OutputName;
        var comparer = query.Metric.CreateComparer(dimension, finisher.Columns);
        var output = new JsonArray();
        var rowCount = 0L;
        foreach (var bucket in result.Groups.GroupBy(g => g.Key.Bucket).OrderBy(g => g.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = new List<ResultRow>();
            foreach (var (key, values) in bucket)
            {
                if (!query.Metric.Accepts(key.Values[0]))
                {
                    continue;
                }

                var row = new ResultRow(key.Bucket, new Dictionary<string, object?>(StringComparer.Ordinal) { [dimension] = DimensionOutput.Convert(query.Dimension, key.Values[0]) });
                for (var a = 0; a < query.Aggregations.Count; a++)
                {
                    row.Values[query.Aggregations[a].Name] = values[a];
                }

                finisher.PostAggregate(row);
                rows.Add(row);
            }

            var top = new JsonArray();
            foreach (var row in rows.Order(comparer).Take(query.Threshold))
            {
                finisher.Finalize(row);
                top.Add(ResultValues.ToJsonObject(row.Values));
            }

            rowCount += top.Count;
            limits.CheckRows(query.QueryType, rowCount);
            var timestamp = bucket.Key == GroupingEngine.AllBucket ? result.AllBucketStart(skipEmptyBuckets: true) ?? 0 : bucket.Key;
            output.Add(new JsonObject { ["timestamp"] = ResultValues.Timestamp(timestamp, query.Granularity), ["result"] = top });
        }

        return output;
    }
}
