using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Merging;

/// <summary>Merges <c>timeBoundary</c>: the earliest of the earliest times and the latest of the latest.</summary>
internal sealed class TimeBoundaryMerger(TimeBoundaryQuery query) : QueryMerger
{
    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var row in Rows(partials))
        {
            var result = row.GetProperty("result");
            var earliest = result.TryGetProperty("minTime", out _) ? Time(result, "minTime") : Time(row, "timestamp");
            var latest = result.TryGetProperty("maxTime", out _) ? Time(result, "maxTime") : Time(row, "timestamp");
            min = Math.Min(min, earliest);
            max = Math.Max(max, latest);
        }

        return TimeBoundaryRunner.Finish(query, min, max);
    }
}

/// <summary>Merges <c>dataSourceMetadata</c>: the newest of the data nodes' newest ingested events.</summary>
internal sealed class DataSourceMetadataMerger : QueryMerger
{
    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        long? newest = null;
        foreach (var row in Rows(partials))
        {
            newest = Math.Max(newest ?? long.MinValue, Time(row.GetProperty("result"), "maxIngestedEventTime"));
        }

        return DataSourceMetadataRunner.Finish(newest);
    }
}

/// <summary>
/// Merges <c>segmentMetadata</c>: data nodes describe each segment; the broker lists them in segment order or, with
/// <c>merge</c>, folds them as Druid does: row counts and sizes add up, flags are or-ed, the cardinality is the
/// largest of the segments' (a value may be counted in several), min and max are the extremes.
/// </summary>
internal sealed class SegmentMetadataMerger(SegmentMetadataQuery query) : QueryMerger
{
    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream) => downstream["merge"] = false;

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var analyses = Rows(partials).OrderBy(a => scope.SegmentOrder(a.GetProperty("id").GetString() ?? "")).ToList();
        if (!query.Merge || analyses.Count < 2)
        {
            return [.. analyses.Select(Node)];
        }

        var merged = Node(analyses[0])!.AsObject();
        merged["id"] = "merged";
        foreach (var analysis in analyses.Skip(1))
        {
            Fold(merged, analysis);
        }

        if (merged["intervals"] is JsonArray intervals)
        {
            merged["intervals"] = new JsonArray([.. intervals.Select(i => i!.GetValue<string>()).OrderBy(i => Abstractions.Time.Interval.Parse(i).StartMillis).Select(i => (JsonNode)JsonValue.Create(i))]);
        }

        return [merged];
    }

    private static void Fold(JsonObject merged, JsonElement analysis)
    {
        merged["numRows"] = (merged["numRows"]?.GetValue<long>() ?? 0) + (analysis.TryGetProperty("numRows", out var rows) ? rows.GetInt64() : 0);
        merged["size"] = (merged["size"]?.GetValue<long>() ?? 0) + (analysis.TryGetProperty("size", out var size) ? size.GetInt64() : 0);
        if (merged["intervals"] is JsonArray intervals && analysis.TryGetProperty("intervals", out var more) && more.ValueKind == JsonValueKind.Array)
        {
            foreach (var interval in more.EnumerateArray())
            {
                intervals.Add(Node(interval));
            }
        }

        foreach (var key in new[] { "aggregators", "queryGranularity", "rollup" })
        {
            if (merged[key] is null && analysis.TryGetProperty(key, out var value))
            {
                merged[key] = Node(value);
            }
        }

        var columns = merged["columns"]!.AsObject();
        foreach (var column in analysis.GetProperty("columns").EnumerateObject())
        {
            if (columns[column.Name] is not JsonObject target)
            {
                columns[column.Name] = Node(column.Value);
                continue;
            }

            FoldColumn(target, column.Value);
        }

        merged["columns"] = new JsonObject(columns.OrderBy(c => c.Key == "__time" ? "" : c.Key, StringComparer.Ordinal)
            .Select(c => KeyValuePair.Create(c.Key, c.Value?.DeepClone())));
    }

    private static void FoldColumn(JsonObject target, JsonElement column)
    {
        if (target["type"]?.GetValue<string>() != (column.TryGetProperty("type", out var type) ? type.GetString() : null))
        {
            target["errorMessage"] = "error:cannot_merge_diff_types";
        }

        foreach (var flag in new[] { "hasMultipleValues", "hasNulls" })
        {
            target[flag] = (target[flag]?.GetValue<bool>() ?? false) || (column.TryGetProperty(flag, out var value) && value.ValueKind == JsonValueKind.True);
        }

        target["size"] = (target["size"]?.GetValue<long>() ?? 0) + (column.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : 0);
        if (column.TryGetProperty("cardinality", out var cardinality) && cardinality.ValueKind == JsonValueKind.Number)
        {
            target["cardinality"] = Math.Max(target["cardinality"]?.GetValue<long>() ?? 0, cardinality.GetInt64());
        }

        Extreme(target, column, "minValue", -1);
        Extreme(target, column, "maxValue", 1);
    }

    private static void Extreme(JsonObject target, JsonElement column, string key, int sign)
    {
        if (!column.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var candidate = value.GetString()!;
        if (target[key]?.GetValue<string>() is not { } current || Math.Sign(string.CompareOrdinal(candidate, current)) == sign)
        {
            target[key] = candidate;
        }
    }
}
