using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Core.Query.Dimensions;
using Realtime.Core.Query.Model;
using Realtime.Core.Time;
using Realtime.Core.Values;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>search</c>: per time bucket, the values of the searched dimensions that match the search spec, with the
/// number of stored rows holding each, ordered by the sort spec and limited.
/// </summary>
internal static class SearchRunner
{
    public static JsonArray Run(SearchQuery query, QueryScope scope, CancellationToken cancellationToken)
    {
        var matcher = query.Query.CreateMatcher();
        var counts = new Dictionary<(long Bucket, string Dimension, string Value), long>();
        var covered = new List<Abstractions.Time.Interval>();
        foreach (var index in scope.Indexes)
        {
            covered.AddRange(query.EffectiveIntervals.Where(i => i.Overlaps(index.Interval))
                .Select(i => new Abstractions.Time.Interval(Math.Max(i.StartMillis, index.Interval.StartMillis), Math.Min(i.EndMillis, index.Interval.EndMillis))));
            Count(query, index, matcher, counts, cancellationToken);
        }

        return Finish(query, counts, covered);
    }

    /// <summary>The result of the counted hits per bucket, dimension and value: per bucket, sorted and limited.</summary>
    public static JsonArray Finish(SearchQuery query, Dictionary<(long Bucket, string Dimension, string Value), long> counts, IReadOnlyList<Abstractions.Time.Interval> covered)
    {
        var ordering = query.Sort?.Type ?? StringOrdering.Lexicographic;
        var output = new JsonArray();
        var allStart = QueryScope.AllBucketStart(covered);
        foreach (var bucket in counts.GroupBy(c => c.Key.Bucket).OrderBy(g => g.Key))
        {
            var hits = new JsonArray();
            foreach (var hit in bucket.OrderBy(h => h.Key.Value, ordering).ThenBy(h => h.Key.Dimension, StringComparer.Ordinal).Take(query.Limit))
            {
                hits.Add(new JsonObject { ["dimension"] = hit.Key.Dimension, ["value"] = hit.Key.Value, ["count"] = hit.Value });
            }

            var timestamp = bucket.Key == GroupingEngine.AllBucket ? allStart : bucket.Key;
            output.Add(new JsonObject { ["timestamp"] = ResultValues.Timestamp(timestamp, query.Granularity), ["result"] = hits });
        }

        return output;
    }

    private static void Count(SearchQuery query, IQueryableIndex index, Func<string, bool> matcher, Dictionary<(long, string, string), long> counts, CancellationToken cancellationToken)
    {
        using var readLock = index.LockForRead();
        var rowCount = index.RowCount;
        var specs = query.SearchDimensions.Count > 0
            ? query.SearchDimensions
            : index.Dimensions.Where(d => d.Type == ColumnType.String).Select(d => (DimensionSpec)new DefaultDimensionSpec { Dimension = d.Name }).ToList();
        var selectors = specs.Select(s => new DimensionSelector(s, index)).ToArray();
        var matches = selectors.Select(_ => new List<bool?>()).ToArray();
        var cursor = new IndexCursor(index, rowCount, query.EffectiveIntervals, query.Filter is null ? null : RowFilter.Create(query.Filter, index, rowCount));
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = cursor.Batch;
            foreach (var offset in batch.SelectedOffsets)
            {
                var timestamp = batch.Timestamps[offset];
                var bucket = query.Granularity == Granularity.All ? GroupingEngine.AllBucket : query.Granularity.BucketStart(timestamp);
                for (var d = 0; d < selectors.Length; d++)
                {
                    foreach (var local in selectors[d].ReadRow(batch.Start + offset, timestamp))
                    {
                        var value = selectors[d].Values[local];
                        if (value is null || !Matches(matches[d], local, value, matcher))
                        {
                            continue;
                        }

                        var key = (bucket, specs[d].OutputName, value);
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }
    }

    private static bool Matches(List<bool?> known, int local, string value, Func<string, bool> matcher)
    {
        while (known.Count <= local)
        {
            known.Add(null);
        }

        return known[local] ??= matcher(value);
    }
}
