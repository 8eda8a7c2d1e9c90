using System.Text.Json.Nodes;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Filters;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Engine;

/// <summary>Runs <c>timeBoundary</c>: the earliest and latest timestamps of the rows that pass the filter.</summary>
internal static class TimeBoundaryRunner
{
    public static JsonArray Run(TimeBoundaryQuery query, QueryScope scope, CancellationToken cancellationToken)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var index in scope.Indexes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var readLock = index.LockForRead();
            var rowCount = index.RowCount;
            var cursor = new IndexCursor(index, rowCount, query.EffectiveIntervals, query.Filter is null ? null : RowFilter.Create(query.Filter, index, rowCount));
            while (cursor.MoveNext())
            {
                var batch = cursor.Batch;
                foreach (var offset in batch.SelectedOffsets)
                {
                    min = Math.Min(min, batch.Timestamps[offset]);
                    max = Math.Max(max, batch.Timestamps[offset]);
                }
            }
        }

        return Finish(query, min, max);
    }

    /// <summary>The result for the earliest and latest matching timestamps (none when <paramref name="min"/> &gt; <paramref name="max"/>).</summary>
    public static JsonArray Finish(TimeBoundaryQuery query, long min, long max)
    {
        if (min > max)
        {
            return [];
        }

        var result = new JsonObject();
        if (query.Bound != "maxTime")
        {
            result["minTime"] = DateTimes.Format(min);
        }

        if (query.Bound != "minTime")
        {
            result["maxTime"] = DateTimes.Format(max);
        }

        return [new JsonObject { ["timestamp"] = DateTimes.Format(query.Bound == "maxTime" ? max : min), ["result"] = result }];
    }
}

/// <summary>Runs <c>dataSourceMetadata</c>: the timestamp of the newest ingested event.</summary>
internal static class DataSourceMetadataRunner
{
    public static JsonArray Run(DataSourceMetadataQuery query, QueryScope scope, ISegmentSource source)
    {
        long? newest = null;
        foreach (var table in query.DataSource.Tables)
        {
            if (source.GetMaxIngestedEventTime(table) is { } ingested)
            {
                newest = Math.Max(newest ?? long.MinValue, ingested);
            }
        }

        if (newest is null)
        {
            foreach (var index in scope.Indexes)
            {
                using var readLock = index.LockForRead();
                var rowCount = index.RowCount;
                var timestamps = new long[RowBatch.Capacity];
                for (var start = 0; start < rowCount; start += RowBatch.Capacity)
                {
                    var length = Math.Min(RowBatch.Capacity, rowCount - start);
                    index.ReadTimestamps(start, timestamps.AsSpan(0, length));
                    foreach (var timestamp in timestamps.AsSpan(0, length))
                    {
                        newest = Math.Max(newest ?? long.MinValue, timestamp);
                    }
                }
            }
        }

        return Finish(newest);
    }

    /// <summary>The result for the newest ingested event's timestamp, none when null.</summary>
    public static JsonArray Finish(long? newest) =>
        newest is { } time
            ? [new JsonObject { ["timestamp"] = DateTimes.Format(time), ["result"] = new JsonObject { ["maxIngestedEventTime"] = DateTimes.Format(time) } }]
            : [];
}

/// <summary>
/// Runs <c>segmentMetadata</c>: per segment (or merged), each column's type, whether it has multiple values, its
/// estimated size, cardinality and min/max values, plus the row count and intervals.
/// </summary>
internal static class SegmentMetadataRunner
{
    public static JsonArray Run(SegmentMetadataQuery query, QueryScope scope, ISegmentSource source)
    {
        var analyses = query.Analyses;
        var descriptions = scope.Segments.Select(s => Describe(query, s.Id, s.Indexes, analyses)).ToList();
        if (query.Merge && descriptions.Count > 1)
        {
            descriptions = [Merge(descriptions)];
        }

        var schema = query.DataSource.Tables.Select(source.GetSchema).FirstOrDefault(s => s is not null);
        var output = new JsonArray();
        foreach (var description in descriptions)
        {
            var columns = new JsonObject();
            foreach (var (name, column) in description.Columns.OrderBy(c => c.Key == DimensionFilter.TimeColumn ? "" : c.Key, StringComparer.Ordinal))
            {
                columns[name] = new JsonObject
                {
                    ["typeSignature"] = column.Type,
                    ["type"] = column.Type,
                    ["hasMultipleValues"] = column.HasMultipleValues,
                    ["hasNulls"] = column.HasNulls,
                    ["size"] = analyses.Contains("size") ? column.Size : 0,
                    ["cardinality"] = analyses.Contains("cardinality") && column.Values is not null ? column.Values.Count : null,
                    ["minValue"] = analyses.Contains("minmax") ? column.Min : null,
                    ["maxValue"] = analyses.Contains("minmax") ? column.Max : null,
                    ["errorMessage"] = null,
                };
            }

            output.Add(new JsonObject
            {
                ["id"] = description.Id,
                ["intervals"] = analyses.Contains("interval") ? new JsonArray(description.Intervals.Select(i => (JsonNode?)JsonValue.Create(i.ToString())).ToArray()) : null,
                ["columns"] = columns,
                ["size"] = analyses.Contains("size") ? description.Columns.Values.Sum(c => c.Size) : 0,
                ["numRows"] = description.Rows,
                ["aggregators"] = analyses.Contains("aggregators") && schema is not null
                    ? new JsonObject(schema.Metrics.Select(a => KeyValuePair.Create(a.Name, (JsonNode?)a.ToJson())))
                    : null,
                ["timestampSpec"] = null,
                ["queryGranularity"] = analyses.Contains("queryGranularity") && schema is not null ? schema.QueryGranularity.Name : null,
                ["rollup"] = analyses.Contains("rollup") && schema is not null ? schema.Rollup : null,
            });
        }

        return output;
    }

    private static SegmentDescription Describe(SegmentMetadataQuery query, SegmentId id, IReadOnlyList<IQueryableIndex> indexes, IReadOnlySet<string> analyses)
    {
        var description = new SegmentDescription(id.ToString(), [id.Interval]);
        var collectValues = analyses.Contains("cardinality") || analyses.Contains("minmax");
        if (query.Includes(DimensionFilter.TimeColumn))
        {
            description.Columns[DimensionFilter.TimeColumn] = new ColumnDescription("LONG");
        }

        foreach (var index in indexes)
        {
            using var readLock = index.LockForRead();
            var rows = index.RowCount;
            description.Rows += rows;
            if (description.Columns.TryGetValue(DimensionFilter.TimeColumn, out var time))
            {
                time.Size += 8L * rows;
            }

            foreach (var schema in index.Dimensions.Where(d => query.Includes(d.Name)))
            {
                var column = index.GetDimension(schema.Name)!;
                var columnDescription = Column(description, schema);
                if (schema.Type != ColumnType.String)
                {
                    columnDescription.Size += 8L * rows;
                    continue;
                }

                columnDescription.HasMultipleValues |= column.HasMultipleValues;
                for (var valueId = 0; valueId < column.Cardinality; valueId++)
                {
                    var value = column.GetValue(valueId);
                    if (value is null)
                    {
                        columnDescription.HasNulls = true;
                        continue;
                    }

                    if (collectValues)
                    {
                        columnDescription.Values!.Add(value);
                    }

                    columnDescription.Size += value.Length;
                }

                columnDescription.Size += 4L * rows;
            }

            foreach (var schema in index.Metrics.Where(m => query.Includes(m.Name)))
            {
                Column(description, schema).Size += schema.Type == ColumnType.Complex ? 0 : 8L * rows;
            }
        }

        foreach (var column in description.Columns.Values.Where(c => c.Values is { Count: > 0 }))
        {
            column.Min = column.Values!.Min(StringComparer.Ordinal);
            column.Max = column.Values!.Max(StringComparer.Ordinal);
        }

        return description;
    }

    private static ColumnDescription Column(SegmentDescription description, ColumnSchema schema)
    {
        if (!description.Columns.TryGetValue(schema.Name, out var column))
        {
            column = new ColumnDescription(schema.Type switch
            {
                ColumnType.String => "STRING",
                ColumnType.Long => "LONG",
                ColumnType.Float => "FLOAT",
                ColumnType.Double => "DOUBLE",
                _ => schema.ComplexTypeName ?? "COMPLEX",
            });
            if (schema.Type == ColumnType.String)
            {
                column.Values = new HashSet<string>(StringComparer.Ordinal);
            }

            description.Columns[schema.Name] = column;
        }

        return column;
    }

    private static SegmentDescription Merge(List<SegmentDescription> descriptions)
    {
        var merged = new SegmentDescription("merged", descriptions.SelectMany(d => d.Intervals).OrderBy(i => i.StartMillis).ToList());
        foreach (var description in descriptions)
        {
            merged.Rows += description.Rows;
            foreach (var (name, column) in description.Columns)
            {
                if (!merged.Columns.TryGetValue(name, out var target))
                {
                    merged.Columns[name] = target = new ColumnDescription(column.Type) { Values = column.Values is null ? null : new HashSet<string>(StringComparer.Ordinal) };
                }

                target.Size += column.Size;
                target.HasMultipleValues |= column.HasMultipleValues;
                target.HasNulls |= column.HasNulls;
                if (column.Values is not null)
                {
                    target.Values?.UnionWith(column.Values);
                }

                target.Min = Extreme(target.Min, column.Min, -1);
                target.Max = Extreme(target.Max, column.Max, 1);
            }
        }

        return merged;
    }

    private static string? Extreme(string? current, string? candidate, int sign) =>
        current is null || (candidate is not null && Math.Sign(string.CompareOrdinal(candidate, current)) == sign) ? candidate ?? current : current;

    private sealed class SegmentDescription(string id, List<Interval> intervals)
    {
        public string Id { get; } = id;

        public List<Interval> Intervals { get; } = intervals;

        public long Rows { get; set; }

        public Dictionary<string, ColumnDescription> Columns { get; } = new(StringComparer.Ordinal);
    }

    private sealed class ColumnDescription(string type)
    {
        public string Type { get; } = type;

        public bool HasMultipleValues { get; set; }

        public bool HasNulls { get; set; }

        public long Size { get; set; }

        public HashSet<string>? Values { get; set; }

        public string? Min { get; set; }

        public string? Max { get; set; }
    }
}
