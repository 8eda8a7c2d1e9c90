using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;
using Realtime.Core.Values;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>groupBy</c>: groups per time bucket and dimension values, then post-aggregators, finalization,
/// <c>having</c> and <c>limitSpec</c>, once for the full grouping and once per <c>subtotalsSpec</c> entry.
/// </summary>
internal static class GroupByRunner
{
    public static JsonArray Run(GroupByQuery query, QueryScope scope, int threads, QueryLimits limits, CancellationToken cancellationToken)
    {
        var engine = new GroupingEngine(query.EffectiveIntervals, query.Filter, query.Granularity, query.Dimensions, query.Aggregations, limits, query.QueryType);
        return Finish(query, engine.Run(scope.Segments, threads, cancellationToken), limits, cancellationToken);
    }

    /// <summary>The result rows of the combined groups: subtotals, post-aggregators, finalization, having and limit.</summary>
    /// <exception cref="ResourceLimitExceededException">There are more groups or result rows than the limits allow.</exception>
    public static JsonArray Finish(GroupByQuery query, GroupingResult result, QueryLimits limits, CancellationToken cancellationToken)
    {
        limits.CheckRows(query.QueryType, result.Groups.Count);
        var finisher = new RowFinisher(query);
        var names = query.Dimensions.Select(d => d.OutputName).ToArray();
        var columns = finisher.Columns;
        // Druid's groupBy dates the single bucket of granularity all at the start of the query's first interval.
        var allStart = query.EffectiveIntervals[0].StartMillis;
        var output = new JsonArray();
        foreach (var set in query.SubtotalsSpec ?? [[.. names]])
        {
            var kept = names.Select(set.Contains).ToArray();
            var groups = Regroup(query, result, kept);
            var rows = new List<ResultRow>(groups.Count);
            foreach (var (key, values) in groups.OrderBy(g => g.Key.Bucket).ThenBy(g => g.Key.Values, DimensionValuesComparer.Instance))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = new ResultRow(key.Bucket == GroupingEngine.AllBucket ? allStart : key.Bucket, new Dictionary<string, object?>(StringComparer.Ordinal));
                for (var d = 0; d < names.Length; d++)
                {
                    if (kept[d])
                    {
                        row.Values[names[d]] = DimensionOutput.Convert(query.Dimensions[d], key.Values[d]);
                    }
                }

                for (var a = 0; a < query.Aggregations.Count; a++)
                {
                    row.Values[query.Aggregations[a].Name] = values[a];
                }

                finisher.PostAggregate(row);
                finisher.Finalize(row);
                if (query.Having is null || query.Having.Matches(row))
                {
                    rows.Add(row);
                }
            }

            List<ResultRow> ordered = query.LimitSpec is null ? rows : [.. query.LimitSpec.Apply(rows, columns, query.SortByDimsFirst)];
            limits.CheckRows(query.QueryType, output.Count + ordered.Count);
            foreach (var row in ordered)
            {
                output.Add(new JsonObject
                {
                    ["version"] = "v1",
                    ["timestamp"] = ResultValues.Timestamp(row.TimestampMillis, query.Granularity),
                    ["event"] = ResultValues.ToJsonObject(row.Values),
                });
            }
        }

        return output;
    }

    private static Dictionary<GroupKey, object?[]> Regroup(GroupByQuery query, GroupingResult result, bool[] kept)
    {
        if (kept.All(k => k))
        {
            return result.Groups;
        }

        var groups = new GroupingResult();
        foreach (var (key, values) in result.Groups)
        {
            groups.Add(new GroupKey(key.Bucket, key.Values.Select((v, d) => kept[d] ? v : null).ToArray()), (object?[])values.Clone(), query.Aggregations);
        }

        return groups.Groups;
    }

    private sealed class DimensionValuesComparer : IComparer<string?[]>
    {
        public static readonly DimensionValuesComparer Instance = new();

        public int Compare(string?[]? x, string?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var order = StringOrdering.Lexicographic.Compare(x[i], y![i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }
}
