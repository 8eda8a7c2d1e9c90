using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Index;

/// <summary>Rows and schemas shared by the index tests.</summary>
internal static class IndexTestData
{
    public static readonly Interval Day = Interval.Parse("2018-01-01/2018-01-02");

    public static InputRow Row(long timestamp, params (string Name, object? Value)[] fields) =>
        new MapInputRow(timestamp, fields.Select(f => f.Name).ToArray(), fields.ToDictionary(f => f.Name, f => f.Value));

    public static InputRow Row(string time, params (string Name, object? Value)[] fields) => Row(DateTimes.ParseIso(time), fields);

    /// <summary>A row whose dimension list differs from its fields (as a parser with explicit dimensions produces).</summary>
    public static InputRow Row(long timestamp, IReadOnlyList<string> dimensions, params (string Name, object? Value)[] fields) =>
        new MapInputRow(timestamp, dimensions, fields.ToDictionary(f => f.Name, f => f.Value));

    public static ColumnSchema Str(string name) => new(name, ColumnType.String);

    public static IndexSchema Schema(IReadOnlyList<ColumnSchema> dimensions, IGranularity? granularity = null, bool rollup = true, params AggregatorFactory[] aggregators) =>
        new(dimensions, aggregators, granularity ?? Granularity.FromName("minute"), rollup);

    public static IIncrementalIndex Ingest(IndexSchema schema, IEnumerable<InputRow> rows, Interval? interval = null)
    {
        var index = new IndexFactory(schema).CreateIncremental(interval ?? Day);
        foreach (var row in rows)
        {
            index.Add(row);
        }

        return index;
    }

    /// <summary>The rows of an index as sorted text lines, for order-independent comparisons.</summary>
    public static string[] Lines(IQueryableIndex index) => IndexRows.Read(index).Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray();
}
