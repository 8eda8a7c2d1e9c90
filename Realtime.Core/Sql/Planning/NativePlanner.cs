using System.Globalization;
using System.Text.Json.Nodes;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>
/// Rewrites a bound plan so that the node's native engine does the heavy work: a grouping over a data source
/// becomes a <c>timeseries</c>, <c>topN</c> or <c>groupBy</c> query when its keys, aggregates and filter have native
/// forms; any other read of a data source becomes a <c>scan</c> of the columns needed, with the filter and time
/// range pushed down (and the limit, when nothing else reorders or drops rows). The rest runs in memory.
/// </summary>
internal sealed class NativePlanner(SqlEvalContext context, JsonObject nativeContext)
{
    /// <summary>The plan with every data source read replaced by native queries.</summary>
    public Rel Plan(Rel rel, IReadOnlySet<int>? needed = null) => rel switch
    {
        SortRel { Limit: { } limit, Keys: [var key], Input: ProjectRel { Input: AggregateRel aggregate, Exprs: var exprs } project } sort
            when limit + sort.Offset <= MaxTopNThreshold && exprs[key.Column] is ColumnExpr { Index: var column } && column >= aggregate.Keys.Count &&
                 Source(aggregate.Input) is { } source && NativeAggregate(aggregate, source, new TopN(column - aggregate.Keys.Count, key.Descending, limit + sort.Offset)) is { } topN =>
            new SortRel(new ProjectRel(topN, project.Exprs, project.Columns), sort.Keys, sort.Limit, sort.Offset),
        AggregateRel aggregate when Source(aggregate.Input) is { } source && NativeAggregate(aggregate, source, null) is { } native => native,
        AggregateRel aggregate => new AggregateRel(Plan(aggregate.Input, Used(aggregate)), aggregate.Keys, aggregate.Sets, aggregate.Aggregates, aggregate.Columns),
        SortRel { Limit: { } limit } sort when sort.Keys.Count == 0 && Source(sort.Input) is { Residual: null } =>
            new SortRel(Plan(sort.Input, null, sort.Offset + limit, null), [], sort.Limit, sort.Offset),
        SortRel { Limit: { } limit, Keys: [var key] } sort when Source(sort.Input) is { Residual: null } source && IsTime(source, key.Column) =>
            new SortRel(Plan(sort.Input, null, sort.Offset + limit, key.Descending ? "descending" : "ascending"), sort.Keys, sort.Limit, sort.Offset),
        SortRel sort => new SortRel(Plan(sort.Input, needed), sort.Keys, sort.Limit, sort.Offset),
        ProjectRel project => new ProjectRel(Plan(project.Input, Used(project.Exprs)), project.Exprs, project.Columns),
        FilterRel { Input: TableRel table } filter => Scan(table, filter.Condition, needed, null),
        FilterRel filter => new FilterRel(Plan(filter.Input, Union(needed, Used([filter.Condition]))), filter.Condition),
        TableRel table => Scan(table, null, needed, null),
        UnionRel union => new UnionRel([.. union.Branches.Select(b => Plan(b))], union.Columns),
        _ => rel,
    };

    /// <summary>Plans a read of which only the first <paramref name="limit"/> rows (in <paramref name="order"/> of time, when given) are used.</summary>
    private Rel Plan(Rel rel, IReadOnlySet<int>? needed, long limit, string? order) => rel switch
    {
        ProjectRel project => new ProjectRel(Plan(project.Input, Used(project.Exprs), limit, order), project.Exprs, project.Columns),
        FilterRel { Input: TableRel table } filter => Scan(table, filter.Condition, needed, (limit, order)),
        TableRel table => Scan(table, null, needed, (limit, order)),
        _ => Plan(rel, needed),
    };

    /// <summary>Whether output column <paramref name="column"/> of a read is the data source's <c>__time</c>.</summary>
    private static bool IsTime(SourceInfo source, int column) =>
        (source.Project is null ? new ColumnExpr(column, source.Table.Columns[column]) : source.Project.Exprs[column]) is ColumnExpr c &&
        source.Table.DruidColumns[c.Index].Kind == DruidColumnKind.Time;

    /// <summary>The data source under a chain of projections and one filter, and how much of the filter is native.</summary>
    private static SourceInfo? Source(Rel rel)
    {
        var project = rel as ProjectRel;
        var below = project?.Input ?? rel;
        var (filter, table) = below switch
        {
            FilterRel { Input: TableRel t } f => (f.Condition, t),
            TableRel t => ((BoundExpr?)null, t),
            _ => (null, null),
        };
        if (table is null)
        {
            return null;
        }

        var split = new NativeFilters(table.Table).Split(filter);
        return new SourceInfo(table.Table, project, split.Intervals, split.Filter, split.Residual);
    }

    private NativeRel Scan(TableRel table, BoundExpr? condition, IReadOnlySet<int>? needed, (long Limit, string? Order)? first)
    {
        var (intervals, filter, residual) = new NativeFilters(table.Table).Split(condition);
        var columns = table.Table.DruidColumns;
        var read = Enumerable.Range(0, columns.Count)
            .Where(i => needed is null || needed.Contains(i) || (residual?.Reads(i) ?? false))
            .DefaultIfEmpty(0)
            .ToList();
        var query = new JsonObject
        {
            ["queryType"] = "scan",
            ["dataSource"] = table.Table.Name,
            ["intervals"] = intervals,
            ["columns"] = new JsonArray([.. read.Select(i => JsonValue.Create(columns[i].Name))]),
            ["resultFormat"] = "compactedList",
            ["context"] = nativeContext.DeepClone(),
        };
        if (filter is not null)
        {
            query["filter"] = filter;
        }

        if (first is { } f && residual is null)
        {
            query["limit"] = f.Limit;
            if (f.Order is { } order)
            {
                query["order"] = order;
            }
        }

        var decode = new Func<JsonArray, IReadOnlyList<object?[]>>(results =>
        {
            var rows = new List<object?[]>();
            foreach (var batch in results)
            {
                var names = batch!["columns"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                var targets = names.Select(n => columns.ToList().FindIndex(c => c.Name == n)).ToArray();
                foreach (var evt in batch["events"]!.AsArray())
                {
                    var row = new object?[columns.Count];
                    var values = evt!.AsArray();
                    for (var i = 0; i < targets.Length; i++)
                    {
                        if (targets[i] >= 0)
                        {
                            row[targets[i]] = NativeValues.Read(values[i], columns[targets[i]].Type);
                        }
                    }

                    if (residual is null || SqlValues.Truth(residual.Eval(row)) == true)
                    {
                        rows.Add(row);
                    }
                }
            }

            return rows;
        });
        return new NativeRel(query, table.Columns, decode);
    }

    private NativeRel? NativeAggregate(AggregateRel aggregate, SourceInfo source, TopN? topN)
    {
        if (source.Residual is not null)
        {
            return null;
        }

        var columns = source.Table.DruidColumns;
        var filters = new NativeFilters(source.Table);
        BoundExpr? Inline(BoundExpr expr) => source.Project is null ? expr : expr is ColumnExpr c ? source.Project.Exprs[c.Index] : null;

        if (TimeBoundary(aggregate, source, Inline) is { } timeBoundary)
        {
            return timeBoundary;
        }

        JsonObject? granularity = null;
        var timeKey = -1;
        var dimensions = new List<(int Key, JsonObject Spec)>();
        for (var k = 0; k < aggregate.Keys.Count; k++)
        {
            var key = Inline(aggregate.Keys[k]);
            if (key is not null && DimensionSpec(key, filters, columns, $"d{k}") is { } spec)
            {
                dimensions.Add((k, spec));
            }
            else if (timeKey < 0 && key is not null && TimeGranularity(key, columns) is { } g)
            {
                (timeKey, granularity) = (k, g);
            }
            else
            {
                return null;
            }
        }

        var aggregations = new JsonArray();
        var outputs = new List<Func<JsonNode?, object?>>();
        var metricNames = new List<string?>();
        var counts = new Dictionary<string, string>(StringComparer.Ordinal);
        string Count(JsonObject? filter)
        {
            var text = filter?.ToJsonString() ?? "";
            if (!counts.TryGetValue(text, out var name))
            {
                name = $"c{counts.Count}";
                counts[text] = name;
                aggregations.Add(Filtered(new JsonObject { ["type"] = "count", ["name"] = name }, filter));
            }

            return name;
        }

        for (var a = 0; a < aggregate.Aggregates.Count; a++)
        {
            var call = aggregate.Aggregates[a];
            JsonObject? filter = null;
            if (call.Filter is { } condition && (filter = filters.Translate(Inline(condition) ?? condition, false)) is null)
            {
                return null;
            }

            if (call.Filter is not null && source.Project is not null)
            {
                return null;
            }

            var name = $"a{a}";
            var arg = call.Arg is null ? null : Inline(call.Arg) as ColumnExpr;
            var column = arg is null ? null : columns[arg.Index];
            switch (call.Kind)
            {
                case AggregateKind.Count when call.Arg is null:
                    var counted = Count(filter);
                    metricNames.Add(counted);
                    outputs.Add(row => Counted(row, counted));
                    continue;
                case AggregateKind.Count when column is { Kind: DruidColumnKind.Dimension, Type: SqlColumnType.Varchar }:
                    var notNull = new JsonObject { ["type"] = "not", ["field"] = NativeFilters.Selector(column.Name, null) };
                    var both = filter is null ? notNull : new JsonObject { ["type"] = "and", ["fields"] = new JsonArray(filter, notNull) };
                    var nonNull = Count(both);
                    metricNames.Add(nonNull);
                    outputs.Add(row => Counted(row, nonNull));
                    continue;
                case AggregateKind.Count when column is { Kind: DruidColumnKind.Metric or DruidColumnKind.Time }:
                    var all = Count(filter);
                    metricNames.Add(all);
                    outputs.Add(row => Counted(row, all));
                    continue;
                case AggregateKind.ApproxCountDistinct when column is { Kind: DruidColumnKind.Dimension, Type: SqlColumnType.Varchar }:
                    aggregations.Add(Filtered(new JsonObject { ["type"] = "cardinality", ["name"] = name, ["fields"] = new JsonArray(column.Name), ["round"] = true }, filter));
                    metricNames.Add(name);
                    outputs.Add(row => NativeValues.Read(row?[name], SqlColumnType.Bigint) ?? 0L);
                    continue;
                case AggregateKind.ApproxCountDistinct when column is { Kind: DruidColumnKind.Metric, NativeType: "hyperUnique" }:
                    aggregations.Add(Filtered(new JsonObject { ["type"] = "hyperUnique", ["name"] = name, ["fieldName"] = column.Name, ["round"] = true }, filter));
                    metricNames.Add(name);
                    outputs.Add(row => NativeValues.Read(row?[name], SqlColumnType.Bigint) ?? 0L);
                    continue;
            }

            if (column is not { Kind: DruidColumnKind.Metric } || !column.Type.IsNumeric())
            {
                return null;
            }

            var prefix = column.Type switch
            {
                SqlColumnType.Bigint => "long",
                SqlColumnType.Float => "float",
                _ => "double",
            };
            var type = call.Kind switch
            {
                AggregateKind.Sum => call.Type == SqlColumnType.Bigint ? "longSum" : "doubleSum",
                AggregateKind.Avg => "doubleSum",
                AggregateKind.Min => prefix + "Min",
                AggregateKind.Max => prefix + "Max",
                AggregateKind.Earliest => prefix + "First",
                AggregateKind.Latest => prefix + "Last",
                _ => null,
            };
            if (type is null)
            {
                return null;
            }

            aggregations.Add(Filtered(new JsonObject { ["type"] = type, ["name"] = name, ["fieldName"] = column.Name }, filter));
            metricNames.Add(call.Kind is AggregateKind.Sum or AggregateKind.Min or AggregateKind.Max ? name : null);
            var resultType = call.Type;
            if (call.Kind == AggregateKind.Avg)
            {
                var counted = Count(filter);
                outputs.Add(row => Counted(row, counted) is > 0 and var n ? Convert.ToDouble(NativeValues.Read(row![name], SqlColumnType.Double), CultureInfo.InvariantCulture) / n : null);
            }
            else if (filter is not null)
            {
                // A filtered aggregate may see no row of its group, and is then null, as in SQL.
                var counted = Count(filter);
                outputs.Add(row => Counted(row, counted) > 0 ? NativeValues.Read(row![name], resultType) : null);
            }
            else
            {
                // Every group (and every bucket, as empty ones are skipped) holds a row, so the value is never empty.
                outputs.Add(row => NativeValues.Read(row?[name], resultType));
            }
        }

        var query = new JsonObject
        {
            ["dataSource"] = source.Table.Name,
            ["intervals"] = source.Intervals,
            ["granularity"] = granularity ?? (JsonNode)"all",
            ["aggregations"] = aggregations,
            ["context"] = nativeContext.DeepClone(),
        };
        if (source.Filter is not null)
        {
            query["filter"] = source.Filter;
        }

        var keyCount = aggregate.Keys.Count;
        object?[] Row(string? timestamp, JsonNode? values, Func<int, object?> dimension)
        {
            var row = new object?[keyCount + outputs.Count];
            for (var k = 0; k < keyCount; k++)
            {
                row[k] = k == timeKey ? (timestamp is null ? null : SqlValues.ParseTimestamp(timestamp, TimeZoneInfo.Utc)) : dimension(k);
            }

            for (var a = 0; a < outputs.Count; a++)
            {
                row[keyCount + a] = outputs[a](values);
            }

            return row;
        }

        if (dimensions.Count == 0)
        {
            if (!aggregate.IsSimple)
            {
                return null;
            }

            query["queryType"] = "timeseries";
            query["context"]!["skipEmptyBuckets"] = true;
            var grandTotal = keyCount == 0;
            return new NativeRel(query, aggregate.Columns, results =>
            {
                var rows = results.Select(r => Row(r!["timestamp"]?.GetValue<string>(), r["result"], _ => null)).ToList();
                if (rows.Count == 0 && grandTotal)
                {
                    rows.Add(Row(null, null, _ => null));
                }

                return rows;
            });
        }

        if (topN is { } hint && dimensions.Count == 1 && timeKey < 0 && aggregate.IsSimple && metricNames[hint.Aggregate] is { } metric)
        {
            var numeric = new JsonObject { ["type"] = "numeric", ["metric"] = metric };
            query["queryType"] = "topN";
            query["dimension"] = dimensions[0].Spec;
            query["metric"] = hint.Descending ? numeric : new JsonObject { ["type"] = "inverted", ["metric"] = numeric };
            query["threshold"] = hint.Threshold;
            return new NativeRel(query, aggregate.Columns, results =>
                [.. results.SelectMany(r => r!["result"]!.AsArray().Select(v => Row(null, v, k => NativeValues.Read(v?[$"d{k}"], SqlColumnType.Varchar))))]);
        }

        query["queryType"] = "groupBy";
        query["dimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode)d.Spec)]);
        if (!aggregate.IsSimple)
        {
            if (timeKey >= 0)
            {
                return null;
            }

            query["subtotalsSpec"] = new JsonArray([.. aggregate.Sets.Select(set => (JsonNode)new JsonArray([.. set.Select(k => JsonValue.Create($"d{k}"))]))]);
        }

        return new NativeRel(query, aggregate.Columns, results =>
            [.. results.Select(r => Row(r!["timestamp"]?.GetValue<string>(), r["event"], k => NativeValues.Read(r["event"]?[$"d{k}"], SqlColumnType.Varchar)))]);
    }

    /// <summary>
    /// A <c>timeBoundary</c> query for a grouping without keys whose aggregates are all <c>MIN(__time)</c> or
    /// <c>MAX(__time)</c> without <c>FILTER</c>: the answer comes from the indexes' time ranges, not from a scan.
    /// </summary>
    private NativeRel? TimeBoundary(AggregateRel aggregate, SourceInfo source, Func<BoundExpr, BoundExpr?> inline)
    {
        var isTime = aggregate.Aggregates.Select(a => a.Arg is { } arg && inline(arg) is ColumnExpr c && source.Table.DruidColumns[c.Index].Kind == DruidColumnKind.Time);
        if (aggregate.Keys.Count > 0 || !aggregate.IsSimple || aggregate.Aggregates.Count == 0 ||
            aggregate.Aggregates.Any(a => a.Kind is not (AggregateKind.Min or AggregateKind.Max) || a.Filter is not null) || !isTime.All(t => t))
        {
            return null;
        }

        var query = new JsonObject
        {
            ["queryType"] = "timeBoundary",
            ["dataSource"] = source.Table.Name,
            ["intervals"] = source.Intervals,
            ["context"] = nativeContext.DeepClone(),
        };
        if (source.Filter is not null)
        {
            query["filter"] = source.Filter;
        }

        if (aggregate.Aggregates.Select(a => a.Kind).Distinct().ToList() is [var only])
        {
            query["bound"] = only == AggregateKind.Min ? "minTime" : "maxTime";
        }

        var bounds = aggregate.Aggregates.Select(a => a.Kind == AggregateKind.Min ? "minTime" : "maxTime").ToList();
        return new NativeRel(query, aggregate.Columns, results =>
        {
            var result = results.Count > 0 ? results[0]?["result"] : null;
            return [[.. bounds.Select(b => NativeValues.Read(result?[b], SqlColumnType.Timestamp))]];
        });
    }

    private static long Counted(JsonNode? row, string name) => NativeValues.Read(row?[name], SqlColumnType.Bigint) as long? ?? 0L;

    private static JsonObject Filtered(JsonObject aggregator, JsonObject? filter) =>
        filter is null ? aggregator : new JsonObject { ["type"] = "filtered", ["filter"] = filter.DeepClone(), ["aggregator"] = aggregator, ["name"] = aggregator["name"]?.GetValue<string>() };

    /// <summary>
    /// The native dimension spec of a grouping key: a string dimension, <c>LOWER</c> or <c>UPPER</c> of one (the
    /// <c>lower</c>/<c>upper</c> extraction), or <c>TIME_FORMAT(__time, pattern[, zone])</c> (the <c>timeFormat</c>
    /// extraction); null for other keys.
    /// </summary>
    private JsonObject? DimensionSpec(BoundExpr key, NativeFilters filters, IReadOnlyList<DruidColumn> columns, string outputName)
    {
        JsonObject Extraction(string dimension, JsonObject function) =>
            new() { ["type"] = "extraction", ["dimension"] = dimension, ["outputName"] = outputName, ["extractionFn"] = function };

        return key switch
        {
            ColumnExpr column when filters.Dimension(column) is { } dimension =>
                new JsonObject { ["type"] = "default", ["dimension"] = dimension, ["outputName"] = outputName },
            CallExpr { Name: "LOWER" or "UPPER", Args: [ColumnExpr column] } call when filters.Dimension(column) is { } dimension =>
                Extraction(dimension, new JsonObject { ["type"] = call.Name.ToLowerInvariant() }),
            CallExpr { Name: "TIME_FORMAT", Args: [ColumnExpr time, LiteralExpr { Value: string pattern }, .. var zone] } when
                columns[time.Index].Kind == DruidColumnKind.Time && zone is [] or [LiteralExpr { Value: string }] =>
                Extraction("__time", new JsonObject
                {
                    ["type"] = "timeFormat",
                    ["format"] = pattern,
                    ["timeZone"] = zone is [LiteralExpr { Value: string name }] ? name : context.TimeZone.Id,
                }),
            _ => null,
        };
    }

    /// <summary>The native granularity of a time-bucketing key over <c>__time</c>, or null.</summary>
    private JsonObject? TimeGranularity(BoundExpr key, IReadOnlyList<DruidColumn> columns)
    {
        bool IsTime(BoundExpr e) => e is ColumnExpr c && columns[c.Index].Kind == DruidColumnKind.Time;
        string? period = key switch
        {
            ColumnExpr when IsTime(key) => "none",
            CallExpr { Name: "FLOOR", Args: [var t, UnitExpr unit] } when IsTime(t) => Period(unit.Unit),
            CallExpr { Name: "TIME_FLOOR", Args: [var t, LiteralExpr { Value: string p }] } when IsTime(t) => p,
            CallExpr { Name: "TIME_FLOOR", Args: [var t, LiteralExpr { Value: string p }, LiteralExpr { Value: null }, ..] } when IsTime(t) => p,
            CallExpr { Name: "DATE_TRUNC", Args: [LiteralExpr { Value: string unit }, var t] } when IsTime(t) &&
                Enum.TryParse<SqlTimeUnit>(unit, true, out var u) => Period(u),
            _ => null,
        };
        var zone = key is CallExpr { Name: "TIME_FLOOR", Args: [_, _, LiteralExpr { Value: null }, LiteralExpr { Value: string tz }] } ? tz : context.TimeZone.Id;
        if (key is CallExpr { Name: "TIME_FLOOR", Args: [_, _, _, LiteralExpr { Value: not string }] })
        {
            return null;
        }

        return period switch
        {
            null => null,
            "none" => new JsonObject { ["type"] = "none" },
            _ => new JsonObject { ["type"] = "period", ["period"] = period, ["timeZone"] = zone },
        };
    }

    private static string? Period(SqlTimeUnit unit) => unit switch
    {
        SqlTimeUnit.Second => "PT1S",
        SqlTimeUnit.Minute => "PT1M",
        SqlTimeUnit.Hour => "PT1H",
        SqlTimeUnit.Day => "P1D",
        SqlTimeUnit.Week => "P1W",
        SqlTimeUnit.Month => "P1M",
        SqlTimeUnit.Quarter => "P3M",
        SqlTimeUnit.Year => "P1Y",
        _ => null,
    };

    private static HashSet<int> Used(IEnumerable<BoundExpr> exprs) => [.. exprs.SelectMany(e => e.Columns())];

    private static HashSet<int> Used(AggregateRel aggregate) =>
        Used(aggregate.Keys.Concat(aggregate.Aggregates.SelectMany(a => new[] { a.Arg, a.Filter, a.Time }.OfType<BoundExpr>())));

    private static HashSet<int>? Union(IReadOnlySet<int>? a, HashSet<int> b) => a is null ? null : [.. a, .. b];

    /// <summary>Druid plans a topN (rather than a groupBy) for limits up to this many rows.</summary>
    private const long MaxTopNThreshold = 100_000;

    /// <summary>A sort over one aggregate with a limit, which a topN on one dimension answers.</summary>
    private sealed record TopN(int Aggregate, bool Descending, long Threshold);

    /// <summary>A data source read: the table, the projection above it, and its filter as intervals, native filter and rest.</summary>
    private sealed record SourceInfo(DruidTable Table, ProjectRel? Project, JsonArray Intervals, JsonObject? Filter, BoundExpr? Residual);
}
