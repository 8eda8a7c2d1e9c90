using Realtime.Abstractions.Time;
using Realtime.Core.Sql;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Tests.Sql.Functions;

/// <summary>One argument of a test call: what the binder would know of it, and its value on the row.</summary>
internal sealed record Arg(SqlOperand Operand, object? Value);

/// <summary>Binds and runs scalar functions the way the SQL binder does, for the function tests.</summary>
internal static class SqlFunctionCalls
{
    public static readonly SqlPosition CallAt = new(1, 8);
    private static int _column = 10;

    public static SqlEvalContext Utc { get; } = new(TimeZoneInfo.Utc, Ms("2000-01-02T05:00:00Z"));

    public static SqlEvalContext LosAngeles { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), Ms("2000-01-02T05:00:00Z"));

    public static long Ms(string iso) => DateTimes.ParseIso(iso);

    /// <summary>A column value of the type (not constant).</summary>
    public static Arg V(SqlColumnType type, object? value) => new(new SqlOperand(type, false, null, Next()), value);

    /// <summary>A constant of the type.</summary>
    public static Arg C(SqlColumnType type, object? value) => new(new SqlOperand(type, true, value, Next()), value);

    /// <summary>A text literal.</summary>
    public static Arg S(string? text) => C(SqlColumnType.Varchar, text);

    /// <summary>A BIGINT literal.</summary>
    public static Arg L(long value) => C(SqlColumnType.Bigint, value);

    /// <summary>A DOUBLE literal.</summary>
    public static Arg D(double value) => C(SqlColumnType.Double, value);

    /// <summary>A TIMESTAMP column value.</summary>
    public static Arg T(string iso) => V(SqlColumnType.Timestamp, Ms(iso));

    /// <summary>A VARCHAR column value (multi-value when an array).</summary>
    public static Arg Text(object? value) => V(SqlColumnType.Varchar, value);

    /// <summary>The NULL literal.</summary>
    public static Arg Null() => C(SqlColumnType.Varchar, null);

    /// <summary>A time unit keyword.</summary>
    public static Arg U(SqlTimeUnit unit) => new(new SqlOperand(SqlColumnType.Varchar, true, null, Next(), unit), null);

    public static SqlScalarBinding Bind(string name, SqlEvalContext context, params Arg[] args) =>
        SqlScalarFunctions.Bind(name, args.Select(a => a.Operand).ToArray(), context, CallAt);

    public static object? Call(string name, params Arg[] args) => Call(name, Utc, args);

    public static object? Call(string name, SqlEvalContext context, params Arg[] args) =>
        Bind(name, context, args).Invoke(args.Select(a => a.Value).ToArray());

    /// <summary>The timestamp result of a call, printed in ISO 8601 UTC.</summary>
    public static string? CallTime(string name, params Arg[] args) => CallTime(name, Utc, args);

    public static string? CallTime(string name, SqlEvalContext context, params Arg[] args) =>
        Call(name, context, args) is long millis ? DateTimes.Format(millis) : null;

    public static SqlPlanningException BindError(string name, params Arg[] args) =>
        Assert.Throws<SqlPlanningException>(() => Bind(name, Utc, args))!;

    private static SqlPosition Next() => new(1, Interlocked.Increment(ref _column));
}
