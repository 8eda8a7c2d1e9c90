using System.Globalization;
using Realtime.Abstractions.Time;
using Realtime.Core.Parsing;
using Realtime.Core.Sql.Syntax;
using Realtime.Core.Time;

namespace Realtime.Core.Sql.Functions;

/// <summary>
/// One call being bound: its name, arguments and context, with the checks every function needs. Errors name the
/// function, the argument (by number and role) and the types involved, at the argument's position.
/// </summary>
internal sealed class SqlCall(string name, IReadOnlyList<SqlOperand> args, SqlEvalContext context, SqlPosition position)
{
    private readonly HashSet<int> _settings = [];

    /// <summary>The function name, upper case.</summary>
    public string Name { get; } = name;

    /// <summary>The arguments.</summary>
    public IReadOnlyList<SqlOperand> Args { get; } = args;

    /// <summary>The statement's settings.</summary>
    public SqlEvalContext Context { get; } = context;

    /// <summary>Where the call stands.</summary>
    public SqlPosition Position { get; } = position;

    /// <summary>How many arguments there are.</summary>
    public int Count => Args.Count;

    /// <summary>The type of argument <paramref name="i"/> (from 0).</summary>
    public SqlColumnType Type(int i) => Args[i].Type;

    /// <summary>
    /// Whether argument <paramref name="i"/> is a setting read at bind time (a period, pattern, time zone, unit name):
    /// NULL there means the default rather than a null result.
    /// </summary>
    public bool IsSetting(int i) => _settings.Contains(i);

    /// <summary>Marks argument <paramref name="i"/> as a setting read at bind time (see <see cref="IsSetting"/>).</summary>
    public SqlCall Setting(int i)
    {
        _settings.Add(i);
        return this;
    }

    /// <summary>Checks the number of arguments.</summary>
    public SqlCall Arity(int min, int max = -1)
    {
        max = max < 0 ? min : max;
        if (Count < min || Count > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw Error($"takes {expected} argument{(min == 1 && max == 1 ? "" : "s")}; got {Count}", Position);
        }

        return this;
    }

    /// <summary>Checks that argument <paramref name="i"/> is a TIMESTAMP or DATE (or the constant NULL).</summary>
    public SqlCall Timestamp(int i, string role) =>
        Require(i, role, "TIMESTAMP", t => t is SqlColumnType.Timestamp or SqlColumnType.Date);

    /// <summary>Checks that argument <paramref name="i"/> is a number (or boolean, or the constant NULL).</summary>
    public SqlCall Number(int i, string role) => Require(i, role, "a number", t => t.IsNumeric());

    /// <summary>Checks that argument <paramref name="i"/> is a whole number (BIGINT or BOOLEAN, or the constant NULL).</summary>
    public SqlCall Integer(int i, string role) => Require(i, role, "an integer", SqlValues.IsInteger);

    /// <summary>Checks that argument <paramref name="i"/> can be read as text: VARCHAR, a number, a boolean, TIMESTAMP or DATE.</summary>
    public SqlCall Text(int i, string role) =>
        Require(i, role, "VARCHAR", t => t is not (SqlColumnType.Array or SqlColumnType.Other));

    /// <summary>Checks that argument <paramref name="i"/> is a (multi-value) string or an array.</summary>
    public SqlCall Strings(int i, string role) =>
        Require(i, role, "a multi-value VARCHAR or ARRAY", t => t is SqlColumnType.Varchar or SqlColumnType.Array);

    /// <summary>Checks that argument <paramref name="i"/> is the type <paramref name="ok"/> accepts, described as <paramref name="expected"/>.</summary>
    public SqlCall Require(int i, string role, string expected, Func<SqlColumnType, bool> ok)
    {
        var arg = Args[i];
        if (arg.Unit is { } unit)
        {
            throw Error($"argument {i + 1} ({role}) must be {expected}; got the time unit {UnitName(unit)}", arg.Position);
        }

        if (!arg.IsNullConstant && !ok(arg.Type))
        {
            throw Error($"argument {i + 1} ({role}) must be {expected}; got {arg.Type.SqlName()}", arg.Position);
        }

        return this;
    }

    /// <summary>The constant text of argument <paramref name="i"/>, or null for the constant NULL or an argument past the end.</summary>
    public string? ConstantText(int i, string role)
    {
        Setting(i);
        if (i >= Count || Args[i].IsNullConstant)
        {
            return null;
        }

        var arg = Args[i];
        return arg is { IsConstant: true, Constant: string text }
            ? text
            : throw Error($"argument {i + 1} ({role}) must be a constant string", arg.Position);
    }

    /// <summary>The constant whole number of argument <paramref name="i"/>, or <paramref name="missing"/> when absent or NULL.</summary>
    public long ConstantInteger(int i, string role, long missing)
    {
        Setting(i);
        if (i >= Count || Args[i].IsNullConstant)
        {
            return missing;
        }

        var arg = Args[i];
        return arg is { IsConstant: true, Constant: long value }
            ? value
            : throw Error($"argument {i + 1} ({role}) must be a constant integer", arg.Position);
    }

    /// <summary>The ISO-8601 period of constant argument <paramref name="i"/>.</summary>
    public IsoPeriod Period(int i)
    {
        var text = ConstantText(i, "period") ?? throw Error($"argument {i + 1} (period) must not be NULL", Args[i].Position);
        try
        {
            return IsoPeriod.Parse(text);
        }
        catch (FormatException e)
        {
            throw Error($"argument {i + 1} (period): {e.Message}", Args[i].Position);
        }
    }

    /// <summary>The time zone of constant argument <paramref name="i"/>, or the statement's zone when absent or NULL.</summary>
    public TimeZoneInfo Zone(int i)
    {
        var text = ConstantText(i, "time zone");
        return text is null
            ? Context.TimeZone
            : TimeZones.Find(text) ?? throw Error(
                $"argument {i + 1} (time zone): '{text}' is not a known time zone (use an IANA id such as 'America/Los_Angeles', 'UTC' or an offset such as '-08:00')",
                Args[i].Position);
    }

    /// <summary>The Joda pattern of constant argument <paramref name="i"/> for parsing, or null when absent or NULL.</summary>
    public JodaPattern? Parser(int i, TimeZoneInfo zone) => Pattern(i, p => JodaPattern.Create(p, zone, FieldName(i, "pattern")));

    /// <summary>The Joda pattern of constant argument <paramref name="i"/> for printing, or null when absent or NULL.</summary>
    public JodaPattern? Printer(int i, TimeZoneInfo zone) =>
        Pattern(i, p => JodaPattern.CreatePrinter(p, zone, CultureInfo.InvariantCulture, FieldName(i, "pattern")));

    /// <summary>The time unit of argument <paramref name="i"/>: a unit keyword, or failing that an error.</summary>
    public SqlTimeUnit Unit(int i, string role, params SqlTimeUnit[] allowed)
    {
        var arg = Args[i];
        if (arg.Unit is not { } unit)
        {
            throw Error($"argument {i + 1} ({role}) must be a time unit such as DAY; got {arg.Type.SqlName()}", arg.Position);
        }

        return allowed.Length == 0 || allowed.Contains(unit)
            ? unit
            : throw Error($"argument {i + 1} ({role}) does not accept {UnitName(unit)}; use one of {string.Join(", ", allowed.Select(UnitName))}", arg.Position);
    }

    /// <summary>The keyword of a time unit, as written in SQL.</summary>
    public static string UnitName(SqlTimeUnit unit) => unit switch
    {
        SqlTimeUnit.DayOfWeek => "DOW",
        SqlTimeUnit.IsoDayOfWeek => "ISODOW",
        SqlTimeUnit.DayOfYear => "DOY",
        _ => unit.ToString().ToUpperInvariant(),
    };

    /// <summary>A validation error about this call.</summary>
    public SqlPlanningException Error(string message, SqlPosition where) => SqlPlanningException.Validation($"Function '{Name}' {message}", where);

    private string FieldName(int i, string role) => $"Function '{Name}' argument {i + 1} ({role})";

    private JodaPattern? Pattern(int i, Func<string, JodaPattern> create)
    {
        var text = ConstantText(i, "pattern");
        if (text is null)
        {
            return null;
        }

        try
        {
            return create(text);
        }
        catch (ArgumentException e)
        {
            throw SqlPlanningException.Validation(e.Message, Args[i].Position);
        }
    }
}
