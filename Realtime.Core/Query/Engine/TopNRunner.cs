using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>topN</c>: per time bucket, the dimension's values ranked by the metric spec. Every index's groups are
/// combined before ranking, so the result is exact rather than Druid's per-segment approximation.
/// </summary>
internal static class TopNRunner
{
    public static JsonArray Run(TopNQuery query, QueryScope scope, int threads, CancellationToken cancellationToken)
    {
        var engine = new GroupingEngine(query.EffectiveIntervals, query.Filter, query.Granularity, [query.Dimension], query.Aggregations);
        return Finish(query, engine.Run(scope.Indexes, threads, cancellationToken));
    }

    /// <summary>The result of the combined groups: per bucket, the values ranked and cut at the threshold.</summary>
    public static JsonArray Finish(TopNQuery query, GroupingResult result)
    {
        var finisher = new RowFinisher(query);
        var dimension = query.Dimension.OutputName;
        var comparer = query.Metric.CreateComparer(dimension, finisher.Columns);
        var output = new JsonArray();
        var allStart = QueryScope.AllBucketStart(result.Covered);
        foreach (var bucket in result.Groups.GroupBy(g => g.Key.Bucket).OrderBy(g => g.Key))
        {
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

            var timestamp = bucket.Key == GroupingEngine.AllBucket ? allStart : bucket.Key;
            output.Add(new JsonObject { ["timestamp"] = ResultValues.Timestamp(timestamp, query.Granularity), ["result"] = top });
        }

        return output;
    }
}
