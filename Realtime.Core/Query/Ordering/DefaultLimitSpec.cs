namespace Realtime.Core.Query.Ordering;

/// <summary>
/// The <c>default</c> limit spec: orders rows by the timestamp, then by <see cref="Columns"/> (the columns first
/// with <c>sortByDimsFirst</c>), skips <see cref="Offset"/> rows and keeps at most <see cref="Limit"/>. With no
/// columns the rows keep their order. The sort is stable.
/// </summary>
public sealed class DefaultLimitSpec : LimitSpec
{
    /// <summary>The order-by columns, most significant first.</summary>
    public IReadOnlyList<OrderByColumnSpec> Columns { get; init; } = [];

    /// <summary>The most rows returned; null for no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>How many ordered rows are skipped before the limit applies.</summary>
    public int Offset { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Limit <= 0)
        {
            throw new ArgumentException($"limitSpec.limit must be greater than 0; found {Limit}.");
        }

        if (Offset < 0)
        {
            throw new ArgumentException($"limitSpec.offset must not be negative; found {Offset}.");
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] is null)
            {
                throw new ArgumentException($"limitSpec.columns[{i}] is null.");
            }
        }
    }

    /// <inheritdoc />
    public override IEnumerable<ResultRow> Apply(IReadOnlyList<ResultRow> rows, QueryColumns columns, bool sortByDimsFirst)
    {
        Validate();
        IEnumerable<ResultRow> ordered = rows;
        if (Columns.Count > 0)
        {
            var byColumns = Columns.Select(c => ColumnComparison(c, columns)).ToList();
            Comparison<ResultRow> byTime = static (x, y) => x.TimestampMillis.CompareTo(y.TimestampMillis);
            if (sortByDimsFirst)
            {
                byColumns.Add(byTime);
            }
            else
            {
                byColumns.Insert(0, byTime);
            }

            ordered = rows.Order(Comparer<ResultRow>.Create((x, y) =>
            {
                foreach (var comparison in byColumns)
                {
                    var result = comparison(x, y);
                    if (result != 0)
                    {
                        return result;
                    }
                }

                return 0;
            }));
        }

        var window = ordered.Skip(Offset);
        return Limit is { } limit ? window.Take(limit) : window;
    }

    /// <summary>Compares rows by one column: a metric by its comparer (no value last), a dimension by its ordering (no value first).</summary>
    private static Comparison<ResultRow> ColumnComparison(OrderByColumnSpec column, QueryColumns columns)
    {
        var name = column.Dimension;
        Comparison<ResultRow> ascending;
        if (columns.Metrics.TryGetValue(name, out var metric))
        {
            ascending = (x, y) => (x.Values.GetValueOrDefault(name), y.Values.GetValueOrDefault(name)) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (a, b) => metric.Compare(a, b),
            };
        }
        else if (columns.Dimensions.Contains(name))
        {
            var order = column.DimensionOrder;
            ascending = (x, y) => order.Compare(ResultRow.TextOf(x.Values.GetValueOrDefault(name)), ResultRow.TextOf(y.Values.GetValueOrDefault(name)));
        }
        else
        {
            throw new ArgumentException($"limitSpec column '{name}' is not a dimension, aggregator or post-aggregator of the query.");
        }

        return column.Direction == SortDirection.Descending ? (x, y) => ascending(y, x) : ascending;
    }
}
