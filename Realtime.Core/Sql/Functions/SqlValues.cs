using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

/// <summary>
/// The value semantics of Druid SQL over the .NET representation of <see cref="SqlColumnType"/>: typing of operators,
/// arithmetic, comparison, ordering, casts and <c>LIKE</c>, with SQL three-valued logic (a null operand gives null).
/// </summary>
/// <remarks>
/// Multi-value strings (<c>string?[]</c>) follow Druid: a comparison matches when any element does, text functions
/// apply to each element, and an empty array behaves as null.
/// </remarks>
internal static partial class SqlValues
{
    /// <summary>The column type of a <c>CAST</c> target or typed literal: all integer types are BIGINT, REAL is FLOAT, DECIMAL is DOUBLE.</summary>
    public static SqlColumnType TypeOf(SqlTypeName name) => name switch
    {
        SqlTypeName.Varchar => SqlColumnType.Varchar,
        SqlTypeName.Bigint or SqlTypeName.Integer or SqlTypeName.Smallint or SqlTypeName.Tinyint => SqlColumnType.Bigint,
        SqlTypeName.Float or SqlTypeName.Real => SqlColumnType.Float,
        SqlTypeName.Double or SqlTypeName.Decimal => SqlColumnType.Double,
        SqlTypeName.Boolean => SqlColumnType.Boolean,
        SqlTypeName.Timestamp => SqlColumnType.Timestamp,
        SqlTypeName.Date => SqlColumnType.Date,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>
    /// The type two values meet in (<c>CASE</c> branches, <c>COALESCE</c>, <c>UNION ALL</c> columns, <c>IN</c> lists):
    /// the same type; numbers widen (BOOLEAN &lt; BIGINT &lt; FLOAT &lt; DOUBLE, BIGINT with FLOAT giving DOUBLE); DATE with TIMESTAMP gives TIMESTAMP.
    /// </summary>
    /// <exception cref="SqlPlanningException">The types have nothing in common (text with a number, say); the message names <paramref name="what"/>.</exception>
    public static SqlColumnType CommonType(SqlColumnType a, SqlColumnType b, SqlPosition position, string what)
    {
        if (a == b)
        {
            return a;
        }

        if (a.IsNumeric() && b.IsNumeric())
        {
            return NumericRank(a) > NumericRank(b) ? Widen(a, b) : Widen(b, a);
        }

        if (a is SqlColumnType.Timestamp or SqlColumnType.Date && b is SqlColumnType.Timestamp or SqlColumnType.Date)
        {
            return SqlColumnType.Timestamp;
        }

        throw SqlPlanningException.Validation($"{what}: types {a.SqlName()} and {b.SqlName()} have no common type", position);
    }

    /// <summary>The type of <c>+ - * / %</c>: BIGINT when both operands are integers (or booleans), DOUBLE when either is DOUBLE or FLOAT.</summary>
    /// <exception cref="SqlPlanningException">An operand is not a number.</exception>
    public static SqlColumnType ArithmeticType(SqlBinaryOperator op, SqlColumnType left, SqlColumnType right, SqlPosition position)
    {
        if (op is not (SqlBinaryOperator.Add or SqlBinaryOperator.Subtract or SqlBinaryOperator.Multiply or SqlBinaryOperator.Divide or SqlBinaryOperator.Modulo))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "not an arithmetic operator");
        }

        if (!left.IsNumeric() || !right.IsNumeric())
        {
            throw SqlPlanningException.Validation(
                $"Cannot apply '{Symbol(op)}' to arguments of type {left.SqlName()} and {right.SqlName()}; both must be numbers", position);
        }

        return IsInteger(left) && IsInteger(right) ? SqlColumnType.Bigint : SqlColumnType.Double;
    }

    /// <summary>
    /// Computes <c>+ - * / %</c> in <paramref name="resultType"/> (from <see cref="ArithmeticType"/>). A null operand gives null.
    /// BIGINT arithmetic wraps on overflow, as Java's does; integer division truncates toward zero; integer division or
    /// modulo by zero gives null. DOUBLE arithmetic follows IEEE 754 (division by zero gives an infinity or NaN).
    /// </summary>
    public static object? Arithmetic(SqlBinaryOperator op, SqlColumnType resultType, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (resultType is SqlColumnType.Bigint)
        {
            long l = ToLong(left), r = ToLong(right);
            return op switch
            {
                SqlBinaryOperator.Add => unchecked(l + r),
                SqlBinaryOperator.Subtract => unchecked(l - r),
                SqlBinaryOperator.Multiply => unchecked(l * r),
                SqlBinaryOperator.Divide => r == 0 ? null : r == -1 ? unchecked(-l) : l / r,
                SqlBinaryOperator.Modulo => r == 0 ? null : r == -1 ? 0L : l % r,
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an arithmetic operator"),
            };
        }

        double x = ToDouble(left), y = ToDouble(right);
        return op switch
        {
            SqlBinaryOperator.Add => x + y,
            SqlBinaryOperator.Subtract => x - y,
            SqlBinaryOperator.Multiply => x * y,
            SqlBinaryOperator.Divide => x / y,
            SqlBinaryOperator.Modulo => x % y,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an arithmetic operator"),
        };
    }

    /// <summary>
    /// <c>left || right</c>: null when either is null. Text operands are joined; numbers and booleans are printed as
    /// <c>CAST(x AS VARCHAR)</c> prints them, but a timestamp is a plain number here, so the binder casts TIMESTAMP
    /// and DATE operands to VARCHAR first. A multi-value operand is joined element by element (Druid's mapping).
    /// </summary>
    public static object? Concat(object? left, object? right) => (left, right) switch
    {
        (null, _) or (_, null) => null,
        (string?[] many, _) => MapText(many, e => Concat(e, right) as string),
        (_, string?[] many) => MapText(many, e => Concat(left, e) as string),
        _ => string.Concat(Text(left), Text(right)),
    };

    /// <summary>
    /// A value used as a condition: a boolean as is; a number is true when not zero; text is true when it reads
    /// <c>true</c> (any case) or a non-zero number; a multi-value is true when any element is. Null (and an empty multi-value) gives null.
    /// </summary>
    public static bool? Truth(object? value) => value switch
    {
        null => null,
        bool b => b,
        long l => l != 0,
        double d => d != 0 && !double.IsNaN(d),
        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) || (Values.FilterNumbers.TryDouble(s, out var n) && n != 0),
        string?[] many => many.Length == 0 ? null : many.Any(e => Truth(e) == true),
        _ => null,
    };

    /// <summary>A number (or boolean, as 1 and 0) as a long; a double truncates toward zero.</summary>
    internal static long ToLong(object value) => value switch
    {
        long l => l,
        double d => double.IsNaN(d) ? 0 : (long)Math.Truncate(d),
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException($"{value.GetType().Name} is not a number"),
    };

    /// <summary>A number (or boolean, as 1 and 0) as a double.</summary>
    internal static double ToDouble(object value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException($"{value.GetType().Name} is not a number"),
    };

    /// <summary>Whether values of the type are whole numbers (BIGINT or BOOLEAN).</summary>
    internal static bool IsInteger(SqlColumnType type) => type is SqlColumnType.Bigint or SqlColumnType.Boolean;

    /// <summary>Applies a text function to each element of a multi-value, keeping null elements null.</summary>
    internal static string?[] MapText(string?[] values, Func<string, string?> map)
    {
        var result = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] is { } v ? map(v) : null;
        }

        return result;
    }

    private static string Symbol(SqlBinaryOperator op) => op switch
    {
        SqlBinaryOperator.Add => "+",
        SqlBinaryOperator.Subtract => "-",
        SqlBinaryOperator.Multiply => "*",
        SqlBinaryOperator.Divide => "/",
        _ => "%",
    };

    private static int NumericRank(SqlColumnType type) => type switch
    {
        SqlColumnType.Boolean => 0,
        SqlColumnType.Bigint => 1,
        SqlColumnType.Float => 2,
        _ => 3,
    };

    private static SqlColumnType Widen(SqlColumnType wider, SqlColumnType narrower) =>
        wider == SqlColumnType.Float && narrower == SqlColumnType.Bigint ? SqlColumnType.Double : wider;
}
