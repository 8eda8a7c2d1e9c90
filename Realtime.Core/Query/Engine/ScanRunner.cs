using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Core.Filters;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Runs <c>scan</c>: the stored rows that pass the filter, in batches of <c>batchSize</c> per segment, in storage
/// order or ordered by time, after <c>offset</c> and up to <c>limit</c>.
/// </summary>
internal static class ScanRunner
{
    public static JsonArray Run(ScanQuery query, QueryScope scope, QueryLimits limits, CancellationToken cancellationToken)
    {
        var timeColumn = query.Legacy ? "timestamp" : DimensionFilter.TimeColumn;
        var columns = query.Columns.Count > 0 ? query.Columns : AllColumns(scope, timeColumn);
        var events = new List<(string Segment, long Time, JsonNode Event)>();
        var ordered = query.Order != "none";
        var wanted = query.Limit is { } limit ? query.Offset + limit : long.MaxValue;
        foreach (var (id, indexes) in scope.Segments)
        {
            var segment = id.ToString();
            foreach (var index in indexes)
            {
                if (!ordered && events.Count >= wanted)
                {
                    break;
                }

                Read(query, index, segment, columns, timeColumn, events, ordered ? long.MaxValue : wanted, limits, cancellationToken);
            }
        }

        return Finish(query, events, columns);
    }

    /// <summary>
    /// The result of scanned rows (each with its segment id and time) in segment order: ordered by time when the query
    /// asks, after the offset and up to the limit, in batches of at most <c>batchSize</c> rows of one segment.
    /// </summary>
    public static JsonArray Finish(ScanQuery query, IReadOnlyList<(string Segment, long Time, JsonNode Event)> events, IReadOnlyList<string> columns)
    {
        IEnumerable<(string Segment, long Time, JsonNode Event)> rows = query.Order switch
        {
            "ascending" => events.OrderBy(e => e.Time),
            "descending" => events.OrderByDescending(e => e.Time),
            _ => events,
        };
        rows = rows.Skip((int)Math.Min(query.Offset, int.MaxValue));
        if (query.Limit is { } max)
        {
            rows = rows.Take((int)Math.Min(max, int.MaxValue));
        }

        var output = new JsonArray();
        JsonArray? batch = null;
        string? batchSegment = null;
        foreach (var (segment, _, row) in rows)
        {
            if (batch is null || batchSegment != segment || batch.Count == query.BatchSize)
            {
                batch = [];
                batchSegment = segment;
                output.Add(new JsonObject
                {
                    ["segmentId"] = segment,
                    ["columns"] = new JsonArray(columns.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                    ["events"] = batch,
                });
            }

            batch.Add(row);
        }

        return output;
    }

    private static void Read(ScanQuery query, IQueryableIndex index, string segment, IReadOnlyList<string> columns, string timeColumn, List<(string, long, JsonNode)> events, long wanted, QueryLimits limits, CancellationToken cancellationToken)
    {
        using var readLock = index.LockForRead();
        var rowCount = index.RowCount;
        var cursor = new IndexCursor(index, rowCount, query.EffectiveIntervals, query.Filter is null ? null : RowFilter.Create(query.Filter, index, rowCount));
        var row = new IndexRow(index);
        var dimensions = columns.Select(c => index.GetDimension(c)).ToArray();
        var metrics = columns.Select(c => index.GetMetric(c)).ToArray();
        while (cursor.MoveNext() && events.Count < wanted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = cursor.Batch;
            foreach (var offset in batch.SelectedOffsets)
            {
                var number = batch.Start + offset;
                var time = batch.Timestamps[offset];
                JsonNode scanned = query.ResultFormat == "compactedList" ? new JsonArray() : new JsonObject();
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = columns[c] == timeColumn ? time
                        : dimensions[c] is { } dimension ? row.ReadDimension(dimension, number)
                        : metrics[c] is { } metric ? row.ReadMetric(metric, number)
                        : null;
                    if (scanned is JsonArray list)
                    {
                        list.Add(ResultValues.ToJson(value));
                    }
                    else
                    {
                        scanned[columns[c]] = ResultValues.ToJson(value);
                    }
                }

                events.Add((segment, time, scanned));
                if (events.Count >= wanted)
                {
                    return;
                }
            }

            limits.CheckRows(query.QueryType, events.Count);
        }
    }

    private static List<string> AllColumns(QueryScope scope, string timeColumn)
    {
        var columns = new List<string> { timeColumn };
        foreach (var index in scope.Segments.SelectMany(s => s.Indexes))
        {
            foreach (var column in index.Dimensions.Concat(index.Metrics))
            {
                if (!columns.Contains(column.Name))
                {
                    columns.Add(column.Name);
                }
            }
        }

        return columns;
    }
}
