using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Engine;

/// <summary>Runs <c>timeseries</c>: one row per time bucket, empty buckets zero-filled unless skipped.</summary>
internal static class TimeseriesRunner
{
    public static JsonArray Run(TimeseriesQuery query, QueryScope scope, int threads, CancellationToken cancellationToken)
    {
        var engine = new GroupingEngine(query.EffectiveIntervals, query.Filter, query.Granularity, [], query.Aggregations);
        return Finish(query, engine.Run(scope.Indexes, threads, cancellationToken));
    }

    /// <summary>The result rows of the combined groups: buckets zero-filled, ordered, limited, post-aggregated and finalized.</summary>
    public static JsonArray Finish(TimeseriesQuery query, GroupingResult result)
    {
        var finisher = new RowFinisher(query);
        var output = new JsonArray();
        if (result.Covered.Count == 0)
        {
            return output;
        }

        var buckets = Buckets(query, result);
        if (query.Descending)
        {
            buckets.Reverse();
        }

        var emitted = 0;
        foreach (var bucket in buckets)
        {
            if (query.Limit is { } limit && emitted == limit)
            {
                break;
            }

            var values = result.Groups.TryGetValue(new GroupKey(bucket, []), out var aggregated) ? aggregated : null;
            var timestamp = bucket == GroupingEngine.AllBucket ? QueryScope.AllBucketStart(result.Covered) : bucket;
            output.Add(Row(query, finisher, ResultValues.Timestamp(timestamp, query.Granularity), values));
            emitted++;
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

    private static List<long> Buckets(TimeseriesQuery query, GroupingResult result)
    {
        if (query.Granularity == Granularity.All)
        {
            return [GroupingEngine.AllBucket];
        }

        var buckets = new SortedSet<long>(result.Groups.Keys.Select(k => k.Bucket));
        if (!query.SkipEmptyBuckets && query.Granularity != Granularity.None)
        {
            foreach (var covered in result.Covered)
            {
                foreach (var start in query.Granularity.BucketStarts(covered))
                {
                    buckets.Add(start);
                }
            }
        }

        return [.. buckets];
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
