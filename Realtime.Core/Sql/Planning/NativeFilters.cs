using System.Text.Json.Nodes;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>
/// Translates SQL conditions over a data source's columns into native filters and query intervals. A negated
/// condition also excludes rows where its column is null, so native filters keep SQL's three-valued logic.
/// Conditions that have no native form are left to be evaluated in memory.
/// </summary>
internal sealed class NativeFilters(DruidTable table)
{
    /// <summary>The earliest and latest instants native intervals can name as dates.</summary>
    private const long MinTime = -62135596800000L + 1;
    private const long MaxTime = 253402300799999L - 1;

    /// <summary>
    /// Splits <paramref name="condition"/> into query intervals (from <c>__time</c> comparisons joined by AND), a
    /// native filter, and what is left for memory.
    /// </summary>
    public (JsonArray Intervals, JsonObject? Filter, BoundExpr? Residual) Split(BoundExpr? condition)
    {
        var (start, end) = (MinTime, MaxTime);
        var filters = new List<JsonObject>();
        var residual = new List<BoundExpr>();
        foreach (var conjunct in condition is LogicalExpr { IsAnd: true } and ? and.Operands : condition is null ? [] : [condition])
        {
            if (TimeBound(conjunct) is { } bound)
            {
                (start, end) = (Math.Max(start, bound.Start), Math.Min(end, bound.End));
            }
            else if (Translate(conjunct, false) is { } filter)
            {
                filters.Add(filter);
            }
            else
            {
                residual.Add(conjunct);
            }
        }

        var intervals = end <= start ? new JsonArray() : new JsonArray(Interval(start, end));
        var native = filters.Count switch
        {
            0 => null,
            1 => filters[0],
            _ => new JsonObject { ["type"] = "and", ["fields"] = new JsonArray([.. filters]) },
        };
        var rest = residual.Count switch
        {
            0 => null,
            1 => residual[0],
            _ => new LogicalExpr(true, [.. residual]),
        };
        return (intervals, native, rest);
    }

    /// <summary>The native filter for a condition, or null when it has none.</summary>
    public JsonObject? Translate(BoundExpr condition, bool negate)
    {
        switch (condition)
        {
            case LiteralExpr { Value: bool value }:
                return new JsonObject { ["type"] = value != negate ? "true" : "false" };
            case NotExpr not:
                return Translate(not.Operand, !negate);
            case LogicalExpr logical:
                var parts = logical.Operands.Select(o => Translate(o, negate)).ToList();
                return parts.Any(p => p is null)
                    ? null
                    : new JsonObject { ["type"] = logical.IsAnd != negate ? "and" : "or", ["fields"] = new JsonArray([.. parts]) };
            case IsNullExpr { Operand: ColumnExpr column } isNull when Dimension(column) is { } dimension:
                var selector = Selector(dimension, null);
                return isNull.Negated != negate ? Not(selector) : selector;
            case CompareExpr compare:
                return Compare(compare, negate);
            case InExpr { Operand: ColumnExpr column, Known: true } inList when Dimension(column) is { } dimension && Texts(inList.Values) is { } values:
                var listed = values.Where(v => v.Length > 0).ToList();
                var inFilter = listed.Count == 0
                    ? new JsonObject { ["type"] = "false" }
                    : new JsonObject { ["type"] = "in", ["dimension"] = dimension, ["values"] = new JsonArray([.. listed.Select(v => JsonValue.Create(v))]) };
                return Leaf(dimension, inFilter, inList.Negated != negate);
            case LikeExpr { Operand: ColumnExpr column } like when Dimension(column) is { } dimension:
                var filter = new JsonObject { ["type"] = "like", ["dimension"] = dimension, ["pattern"] = like.Pattern };
                if (like.Escape is { } escape)
                {
                    filter["escape"] = escape.ToString();
                }

                return Leaf(dimension, filter, like.Negated != negate);
            default:
                return null;
        }
    }

    private JsonObject? Compare(CompareExpr compare, bool negate)
    {
        var (column, literal, op) = compare switch
        {
            { Left: ColumnExpr c, Right: LiteralExpr l } => (c, l, compare.Operator),
            { Left: LiteralExpr l, Right: ColumnExpr c } => (c, l, Flip(compare.Operator)),
            _ => (null, null, compare.Operator),
        };
        if (column is null || Dimension(column) is not { } dimension || literal!.Value is not string value)
        {
            return null;
        }

        if (value.Length == 0 && op == SqlBinaryOperator.Equal)
        {
            return Leaf(dimension, new JsonObject { ["type"] = "false" }, negate);
        }

        var filter = op switch
        {
            SqlBinaryOperator.Equal => Selector(dimension, value),
            SqlBinaryOperator.Less or SqlBinaryOperator.LessOrEqual => Bound(dimension, null, value, op == SqlBinaryOperator.Less),
            SqlBinaryOperator.Greater or SqlBinaryOperator.GreaterOrEqual => Bound(dimension, value, null, op == SqlBinaryOperator.Greater),
            _ => null,
        };
        return filter is null ? null : Leaf(dimension, filter, negate);
    }

    /// <summary>A filter on one dimension; negated, it also leaves out rows where the dimension is null.</summary>
    private static JsonObject Leaf(string dimension, JsonObject filter, bool negate) => negate
        ? new JsonObject { ["type"] = "and", ["fields"] = new JsonArray(Not(filter), Not(Selector(dimension, null))) }
        : filter;

    private static SqlBinaryOperator Flip(SqlBinaryOperator op) => op switch
    {
        SqlBinaryOperator.Less => SqlBinaryOperator.Greater,
        SqlBinaryOperator.LessOrEqual => SqlBinaryOperator.GreaterOrEqual,
        SqlBinaryOperator.Greater => SqlBinaryOperator.Less,
        SqlBinaryOperator.GreaterOrEqual => SqlBinaryOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>The instants a <c>__time</c> comparison with a constant keeps, as a half-open range; null for other conditions.</summary>
    private (long Start, long End)? TimeBound(BoundExpr condition)
    {
        var (column, literal, op) = condition switch
        {
            CompareExpr { Left: ColumnExpr c, Right: LiteralExpr l } compare => (c, l, compare.Operator),
            CompareExpr { Left: LiteralExpr l, Right: ColumnExpr c } compare => (c, l, Flip(compare.Operator)),
            _ => (null, null, SqlBinaryOperator.Equal),
        };
        if (column is null || table.DruidColumns[column.Index].Kind != DruidColumnKind.Time || literal!.Value is not long t ||
            literal.Type is not (SqlColumnType.Timestamp or SqlColumnType.Date))
        {
            return null;
        }

        return op switch
        {
            SqlBinaryOperator.Equal => (t, t + 1),
            SqlBinaryOperator.Less => (MinTime, t),
            SqlBinaryOperator.LessOrEqual => (MinTime, t + 1),
            SqlBinaryOperator.Greater => (t + 1, MaxTime),
            SqlBinaryOperator.GreaterOrEqual => (t, MaxTime),
            _ => null,
        };
    }

    /// <summary>The dimension a column is, when it is a text dimension of the table.</summary>
    public string? Dimension(ColumnExpr column) =>
        column.Index < table.DruidColumns.Count && table.DruidColumns[column.Index] is { Kind: DruidColumnKind.Dimension, Type: SqlColumnType.Varchar } d ? d.Name : null;

    private static List<string>? Texts(IReadOnlyList<object?> values) =>
        values.All(v => v is string) ? [.. values.Cast<string>()] : null;

    /// <summary>A <c>selector</c> filter.</summary>
    public static JsonObject Selector(string dimension, string? value) =>
        new() { ["type"] = "selector", ["dimension"] = dimension, ["value"] = value };

    private static JsonObject Not(JsonObject filter) => new() { ["type"] = "not", ["field"] = filter };

    /// <summary>
    /// A lexicographic <c>bound</c> filter that never matches a null: the node stores no empty text and orders a null
    /// as the empty text, so a bound without a lower end, or with an inclusive empty one, gets a strict empty lower end.
    /// </summary>
    private static JsonObject Bound(string dimension, string? lower, string? upper, bool strict)
    {
        var bound = new JsonObject { ["type"] = "bound", ["dimension"] = dimension, ["ordering"] = "lexicographic" };
        if (lower is null || lower.Length == 0)
        {
            bound["lower"] = "";
            bound["lowerStrict"] = true;
        }
        else
        {
            bound["lower"] = lower;
            bound["lowerStrict"] = strict;
        }

        if (upper is not null)
        {
            bound["upper"] = upper;
            bound["upperStrict"] = strict;
        }

        return bound;
    }

    /// <summary>A native interval from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public static string Interval(long start, long end) =>
        $"{Functions.SqlValues.FormatTimestamp(start)}/{Functions.SqlValues.FormatTimestamp(end)}";
}
