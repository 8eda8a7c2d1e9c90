using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Filters;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Merging;

/// <summary>
/// Merges <c>scan</c>: the data nodes' rows in the order one node reads segments (or by time), after the offset and
/// up to the limit, in batches per segment; with all columns asked for, the columns are those of every segment.
/// </summary>
internal sealed class ScanMerger(ScanQuery query) : QueryMerger
{
    private string TimeColumn => query.Legacy ? "timestamp" : DimensionFilter.TimeColumn;

    private bool Ordered => query.Order != "none";

    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream)
    {
        downstream.Remove("offset");
        if (query.Limit is { } limit)
        {
            downstream["limit"] = query.Offset + limit;
        }

        if (Ordered && query.Columns.Count > 0 && !query.Columns.Contains(TimeColumn))
        {
            downstream["columns"] = new JsonArray([.. query.Columns.Append(TimeColumn).Select(c => (JsonNode)JsonValue.Create(c))]);
        }
    }

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var batches = Rows(partials)
            .Select(b => (Segment: b.GetProperty("segmentId").GetString() ?? "", Columns: b.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray(), Events: b.GetProperty("events")))
            .OrderBy(b => scope.SegmentOrder(b.Segment))
            .ToList();
        var columns = query.Columns.Count > 0 ? query.Columns : batches.SelectMany(b => b.Columns).Distinct(StringComparer.Ordinal).ToList();
        var rows = new List<(string Segment, long Time, JsonNode Event)>();
        foreach (var (segment, batchColumns, events) in batches)
        {
            var positions = columns.Select(c => Array.IndexOf(batchColumns, c)).ToArray();
            var asIs = positions.Length == batchColumns.Length && positions.Select((p, i) => p == i).All(same => same);
            var timePosition = Array.IndexOf(batchColumns, TimeColumn);
            foreach (var scanned in events.EnumerateArray())
            {
                var time = !Ordered ? 0 : scanned.ValueKind == JsonValueKind.Array ? scanned[timePosition].GetInt64() : scanned.GetProperty(TimeColumn).GetInt64();
                rows.Add((segment, time, asIs ? Node(scanned)! : Project(Node(scanned)!, columns, positions)));
            }
        }

        return ScanRunner.Finish(query, rows, columns);
    }

    // A row in the merged columns: a column a data node did not have is null, as on a node without it.
    private static JsonNode Project(JsonNode scanned, IReadOnlyList<string> columns, int[] positions)
    {
        if (scanned is JsonArray values)
        {
            var taken = values.ToArray();
            values.Clear();
            return new JsonArray([.. positions.Select(p => p < 0 ? null : taken[p])]);
        }

        var fields = scanned.AsObject();
        var row = new JsonObject();
        foreach (var column in columns)
        {
            row[column] = fields.Remove(column, out var value) ? value : null;
        }

        return row;
    }
}
