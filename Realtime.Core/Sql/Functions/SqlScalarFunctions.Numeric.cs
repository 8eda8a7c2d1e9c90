using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlScalarFunctions
{
    private static IEnumerable<(string Name, Func<SqlCall, SqlScalarBinding> Bind)> NumericFunctions() =>
    [
        ("ABS", c => SameType(c, l => l == long.MinValue ? l : Math.Abs(l), Math.Abs)),
        ("FLOOR", c => c.Count == 2 && c.Args[1].Unit is not null ? FloorToUnit(c, ceil: false) : SameType(c, l => l, Math.Floor)),
        ("CEIL", Ceil),
        ("CEILING", Ceil),
        ("ROUND", c => Round(c, MidpointRounding.AwayFromZero)),
        ("TRUNCATE", c => Round(c, MidpointRounding.ToZero)),
        ("TRUNC", c => Round(c, MidpointRounding.ToZero)),
        ("MOD", c => Operator(c, SqlBinaryOperator.Modulo)),
        ("SAFE_DIVIDE", SafeDivide),
        ("DIV", Div),
        ("POWER", c => Doubles(c.Arity(2), a => Math.Pow(a[0], a[1]))),
        ("SQRT", c => Doubles(c.Arity(1), a => Math.Sqrt(a[0]))),
        ("EXP", c => Doubles(c.Arity(1), a => Math.Exp(a[0]))),
        ("LN", c => Doubles(c.Arity(1), a => Math.Log(a[0]))),
        ("LOG10", c => Doubles(c.Arity(1), a => Math.Log10(a[0]))),
        ("SIN", c => Doubles(c.Arity(1), a => Math.Sin(a[0]))),
        ("COS", c => Doubles(c.Arity(1), a => Math.Cos(a[0]))),
        ("TAN", c => Doubles(c.Arity(1), a => Math.Tan(a[0]))),
        ("COT", c => Doubles(c.Arity(1), a => 1 / Math.Tan(a[0]))),
        ("ASIN", c => Doubles(c.Arity(1), a => Math.Asin(a[0]))),
        ("ACOS", c => Doubles(c.Arity(1), a => Math.Acos(a[0]))),
        ("ATAN", c => Doubles(c.Arity(1), a => Math.Atan(a[0]))),
        ("ATAN2", c => Doubles(c.Arity(2), a => Math.Atan2(a[0], a[1]))),
        ("DEGREES", c => Doubles(c.Arity(1), a => double.RadiansToDegrees(a[0]))),
        ("RADIANS", c => Doubles(c.Arity(1), a => double.DegreesToRadians(a[0]))),
        ("PI", c => Constant(c.Arity(0), SqlColumnType.Double, Math.PI)),
        ("GREATEST", c => Extreme(c, greatest: true)),
        ("LEAST", c => Extreme(c, greatest: false)),
    ];

    private static SqlScalarBinding Ceil(SqlCall call) =>
        call.Count == 2 && call.Args[1].Unit is not null ? FloorToUnit(call, ceil: true) : SameType(call, l => l, Math.Ceiling);

    /// <summary>A function of one number whose result keeps its type: BIGINT stays BIGINT, anything else is computed as a double.</summary>
    private static SqlScalarBinding SameType(SqlCall call, Func<long, long> onLong, Func<double, double> onDouble)
    {
        call.Arity(1).Number(0, "number");
        var type = ResultOf(call.Type(0));
        return type == SqlColumnType.Bigint
            ? Strict(call, type, a => onLong(SqlValues.ToLong(a[0]!)))
            : Strict(call, type, a => onDouble(SqlValues.ToDouble(a[0]!)));
    }

    /// <summary>A function of numbers computed in doubles, giving DOUBLE.</summary>
    private static SqlScalarBinding Doubles(SqlCall call, Func<double[], double> apply)
    {
        for (var i = 0; i < call.Count; i++)
        {
            call.Number(i, "number");
        }

        return Strict(call, SqlColumnType.Double, a => apply(Array.ConvertAll(a, v => SqlValues.ToDouble(v!))));
    }

    /// <summary>
    /// <c>ROUND(x[, digits])</c> (halves away from zero, as Java's <c>HALF_UP</c>) and <c>TRUNCATE(x[, digits])</c>
    /// (toward zero); negative digits act left of the point. Doubles round by their shortest decimal form, so
    /// <c>ROUND(2.675, 2)</c> is 2.68, as in Druid.
    /// </summary>
    private static SqlScalarBinding Round(SqlCall call, MidpointRounding mode)
    {
        call.Arity(1, 2).Number(0, "number");
        if (call.Count == 2)
        {
            call.Integer(1, "digits");
        }

        var type = ResultOf(call.Type(0));
        return Strict(call, type, a =>
        {
            var digits = a.Length > 1 ? (int)Math.Clamp(SqlValues.ToLong(a[1]!), -30, 30) : 0;
            return type == SqlColumnType.Bigint
                ? RoundLong(SqlValues.ToLong(a[0]!), digits, mode)
                : RoundDouble(SqlValues.ToDouble(a[0]!), digits, mode);
        });
    }

    private static long RoundLong(long value, int digits, MidpointRounding mode)
    {
        if (digits >= 0)
        {
            return value;
        }

        var rounded = RoundDecimal(value, digits, mode);
        return rounded is >= long.MinValue and <= long.MaxValue ? (long)rounded : value;
    }

    private static double RoundDouble(double value, int digits, MidpointRounding mode)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e28 || digits > 28)
        {
            return value;
        }

        var exact = decimal.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture);
        return (double)RoundDecimal(exact, digits, mode);
    }

    private static decimal RoundDecimal(decimal value, int digits, MidpointRounding mode)
    {
        if (digits >= 0)
        {
            return Math.Round(value, Math.Min(digits, 28), mode);
        }

        if (digits < -28)
        {
            return 0;
        }

        var scale = Pow10(-digits);
        return Math.Round(value / scale, 0, mode) * scale;
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>A binary operator as a function: <c>MOD(x, y)</c> is <c>x % y</c> (null when an integer y is 0).</summary>
    private static SqlScalarBinding Operator(SqlCall call, SqlBinaryOperator op)
    {
        call.Arity(2).Number(0, "dividend").Number(1, "divisor");
        var type = SqlValues.ArithmeticType(op, ResultOf(call.Type(0)), ResultOf(call.Type(1)), call.Position);
        return Strict(call, type, a => SqlValues.Arithmetic(op, type, a[0], a[1]));
    }

    /// <summary><c>SAFE_DIVIDE(x, y)</c>: <c>x / y</c>, but null when y is 0 (doubles too).</summary>
    private static SqlScalarBinding SafeDivide(SqlCall call)
    {
        var divide = Operator(call, SqlBinaryOperator.Divide);
        return divide with { Invoke = a => a[1] is { } y && SqlValues.ToDouble(y) == 0 ? null : divide.Invoke(a) };
    }

    /// <summary><c>DIV(x, y)</c>: integer division truncating toward zero, both sides taken as integers; null when y is 0.</summary>
    private static SqlScalarBinding Div(SqlCall call)
    {
        call.Arity(2).Number(0, "dividend").Number(1, "divisor");
        return Strict(call, SqlColumnType.Bigint, a => SqlValues.Arithmetic(SqlBinaryOperator.Divide, SqlColumnType.Bigint, SqlValues.ToLong(a[0]!), SqlValues.ToLong(a[1]!)));
    }

    /// <summary>
    /// <c>GREATEST(…)</c> and <c>LEAST(…)</c>, Druid's reductions: nulls are skipped (all null, or no arguments, gives
    /// null); integers compare as BIGINT, any double makes it DOUBLE, timestamps stay TIMESTAMP, and any text makes
    /// every argument text (VARCHAR).
    /// </summary>
    private static SqlScalarBinding Extreme(SqlCall call, bool greatest)
    {
        var known = call.Args.Where(a => !a.IsNullConstant).Select(a => a.Type).ToArray();
        for (var i = 0; i < call.Count; i++)
        {
            call.Require(i, "value", "a number, VARCHAR or TIMESTAMP", t => t is not (SqlColumnType.Array or SqlColumnType.Other));
        }

        var type = known.Length == 0 ? SqlColumnType.Varchar
            : known.Any(t => t == SqlColumnType.Varchar) ? SqlColumnType.Varchar
            : known.All(t => t is SqlColumnType.Timestamp or SqlColumnType.Date) ? SqlColumnType.Timestamp
            : known.All(t => t.IsNumeric()) ? (known.All(SqlValues.IsInteger) ? SqlColumnType.Bigint : SqlColumnType.Double)
            : throw call.Error($"cannot compare arguments of types {string.Join(", ", known.Select(t => t.SqlName()))}", call.Position);
        var zone = call.Context.TimeZone;
        var types = call.Args.Select(a => a.Type).ToArray();
        return new SqlScalarBinding(type, a =>
        {
            object? best = null;
            for (var i = 0; i < a.Length; i++)
            {
                var value = a[i] is null ? null
                    : type == SqlColumnType.Varchar ? SqlValues.ToText(a[i]!, types[i], zone)
                    : SqlValues.Coerce(a[i], types[i], type);
                if (value is not null && (best is null || SqlValues.Order(value, best) * (greatest ? 1 : -1) > 0))
                {
                    best = value;
                }
            }

            return best;
        });
    }

    /// <summary>The type a numeric function computes in: BIGINT for integers and booleans, DOUBLE otherwise.</summary>
    private static SqlColumnType ResultOf(SqlColumnType type) => SqlValues.IsInteger(type) ? SqlColumnType.Bigint : SqlColumnType.Double;
}
