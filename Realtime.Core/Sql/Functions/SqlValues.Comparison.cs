using Realtime.Core.Sql.Syntax;
using Realtime.Core.Values;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlValues
{
    /// <summary>
    /// Checks that values of the two types can be compared: numbers (and booleans) with numbers, text with text,
    /// text with numbers (compared as numbers when the text is one), text with TIMESTAMP or DATE (the text read as a
    /// time), TIMESTAMP with DATE, and arrays with arrays.
    /// </summary>
    /// <exception cref="SqlPlanningException">The types cannot be compared (BOOLEAN with VARCHAR, TIMESTAMP with BIGINT, …).</exception>
    public static void CheckComparable(SqlColumnType left, SqlColumnType right, SqlPosition position)
    {
        if (!Comparable(left, right))
        {
            throw SqlPlanningException.Validation($"Cannot compare {left.SqlName()} with {right.SqlName()}", position);
        }
    }

    /// <summary>
    /// <c>= &lt;&gt; &lt; &lt;= &gt; &gt;=</c> in three-valued logic: null when either side is null or cannot be read as the other's
    /// type (text that is not a number, compared with a number; text that is not a time, compared with a timestamp).
    /// A multi-value side matches when any element does (null when none does and some comparison was unknown), and an
    /// empty multi-value is null. Text compared with a timestamp is read as ISO 8601 or <c>yyyy-MM-dd HH:mm:ss</c> in UTC.
    /// </summary>
    public static bool? Compare(SqlBinaryOperator op, SqlColumnType leftType, object? left, SqlColumnType rightType, object? right)
    {
        if (left is string?[] lefts)
        {
            return AnyMatch(lefts, e => Compare(op, leftType, e, rightType, right));
        }

        if (right is string?[] rights)
        {
            return AnyMatch(rights, e => Compare(op, leftType, left, rightType, e));
        }

        return CompareScalars(leftType, left, rightType, right) is { } c ? Holds(op, c) : null;
    }

    /// <summary>
    /// A total order of values of one column type, for <c>ORDER BY</c>, <c>DISTINCT</c> and grouping: nulls first,
    /// numbers by value (long with double too), text by UTF-16 code unit (Druid's lexicographic order), false before true,
    /// arrays and multi-values element by element (a prefix first).
    /// </summary>
    public static int Order(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return 0;
            case (null, _):
                return -1;
            case (_, null):
                return 1;
            case (long x, long y):
                return x.CompareTo(y);
            case (long x, double y):
                return CompareNumbers(x, y);
            case (double x, long y):
                return -CompareNumbers(y, x);
            case (double x, double y):
                return x.CompareTo(y);
            case (string x, string y):
                return string.CompareOrdinal(x, y);
            case (bool x, bool y):
                return x.CompareTo(y);
            case (System.Collections.IList x, System.Collections.IList y):
                for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
                {
                    if (Order(x[i], y[i]) is var c and not 0)
                    {
                        return c;
                    }
                }

                return x.Count.CompareTo(y.Count);
            default:
                return Rank(a).CompareTo(Rank(b));
        }
    }

    /// <summary>Equality for grouping and <c>DISTINCT</c>: null equals null, 1 equals 1.0, NaN equals NaN, arrays element by element.</summary>
    public static bool Same(object? a, object? b) => Order(a, b) == 0 && Rank(a) == Rank(b);

    /// <summary>A hash consistent with <see cref="Same"/>: a whole double hashes as the long it equals.</summary>
    public static int Hash(object? a) => a switch
    {
        null => 0,
        long l => l.GetHashCode(),
        double d => d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18 ? ((long)d).GetHashCode() : d.GetHashCode(),
        string s => string.GetHashCode(s, StringComparison.Ordinal),
        System.Collections.IList list => HashList(list),
        _ => a.GetHashCode(),
    };

    private static bool Comparable(SqlColumnType left, SqlColumnType right)
    {
        static bool Time(SqlColumnType t) => t is SqlColumnType.Timestamp or SqlColumnType.Date;
        static bool Number(SqlColumnType t) => t is SqlColumnType.Bigint or SqlColumnType.Double or SqlColumnType.Float;
        return left == right
            ? left != SqlColumnType.Other
            : (left.IsNumeric() && right.IsNumeric())
              || (Time(left) && Time(right))
              || (left == SqlColumnType.Varchar && (Number(right) || Time(right)))
              || (right == SqlColumnType.Varchar && (Number(left) || Time(left)));
    }

    private static bool? AnyMatch(string?[] values, Func<string?, bool?> compare)
    {
        bool? result = values.Length == 0 ? null : false;
        foreach (var value in values)
        {
            switch (compare(value))
            {
                case true:
                    return true;
                case null:
                    result = null;
                    break;
            }
        }

        return result;
    }

    private static int? CompareScalars(SqlColumnType leftType, object? left, SqlColumnType rightType, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (left is string text && right is not string)
        {
            return ReadAs(text, rightType) is { } read ? Order(read, right) : null;
        }

        if (right is string other && left is not string)
        {
            return ReadAs(other, leftType) is { } read ? Order(left, read) : null;
        }

        return Order(Numeric(left), Numeric(right));
    }

    private static object? ReadAs(string text, SqlColumnType type) => type switch
    {
        SqlColumnType.Timestamp or SqlColumnType.Date => ParseTimestamp(text, TimeZoneInfo.Utc),
        _ when FilterNumbers.TryLong(text, out var l) => l,
        _ when FilterNumbers.TryDouble(text, out var d) => d,
        _ => null,
    };

    private static object Numeric(object value) => value is bool b ? (b ? 1L : 0L) : value;

    private static bool Holds(SqlBinaryOperator op, int comparison) => op switch
    {
        SqlBinaryOperator.Equal => comparison == 0,
        SqlBinaryOperator.NotEqual => comparison != 0,
        SqlBinaryOperator.Less => comparison < 0,
        SqlBinaryOperator.LessOrEqual => comparison <= 0,
        SqlBinaryOperator.Greater => comparison > 0,
        SqlBinaryOperator.GreaterOrEqual => comparison >= 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a comparison operator"),
    };

    /// <summary>Compares a long with a double exactly (a double beyond the long range, or with a fraction, is not rounded).</summary>
    private static int CompareNumbers(long x, double y)
    {
        // NaN sorts below every number, as double.CompareTo puts it.
        if (double.IsNaN(y))
        {
            return 1;
        }

        if (y >= 9.2233720368547758E18)
        {
            return -1;
        }

        if (y < long.MinValue)
        {
            return 1;
        }

        var whole = Math.Floor(y);
        var c = x.CompareTo((long)whole);
        return c != 0 ? c : whole == y ? 0 : -1;
    }

    private static int Rank(object? value) => value switch
    {
        null => 0,
        bool => 1,
        long or double => 2,
        string => 3,
        System.Collections.IList => 4,
        _ => 5,
    };

    private static int HashList(System.Collections.IList list)
    {
        var hash = new HashCode();
        foreach (var item in list)
        {
            hash.Add(Hash(item));
        }

        return hash.ToHashCode();
    }
}
