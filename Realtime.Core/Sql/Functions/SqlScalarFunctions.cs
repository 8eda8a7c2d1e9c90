using System.Collections.Frozen;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

/// <summary>
/// Druid SQL's scalar functions: time, text, numeric, multi-value and conditional. Binding checks the arguments once
/// (count, types, and constant arguments such as periods, patterns, time zones and units, parsed here) and returns the
/// result type with the code to run on each row.
/// </summary>
/// <remarks>
/// Unless a function says otherwise, a null argument gives a null result. Functions that take a time zone default to
/// the statement's (<see cref="SqlEvalContext.TimeZone"/>, Druid's <c>sqlTimeZone</c>).
/// </remarks>
internal static partial class SqlScalarFunctions
{
    private static readonly FrozenDictionary<string, Func<SqlCall, SqlScalarBinding>> Binders =
        TimeFunctions().Concat(TextFunctions()).Concat(NumericFunctions()).Concat(MultiValueFunctions()).Concat(ConditionalFunctions())
            .ToFrozenDictionary(f => f.Name, f => f.Bind, StringComparer.Ordinal);

    /// <summary>Whether a scalar function of that (upper-case) name exists.</summary>
    public static bool Exists(string name) => Binders.ContainsKey(name);

    /// <summary>Binds a call of the function <paramref name="name"/> (upper case) to its arguments.</summary>
    /// <exception cref="SqlPlanningException">
    /// The function is unknown, or the arguments are wrong in number or type, or a constant argument (period, pattern,
    /// time zone, unit) is invalid; the message names the function and the argument.
    /// </exception>
    public static SqlScalarBinding Bind(string name, IReadOnlyList<SqlOperand> args, SqlEvalContext context, SqlPosition position)
    {
        if (!Binders.TryGetValue(name, out var bind))
        {
            var types = string.Join(", ", args.Select(a => a.Unit is { } unit ? SqlCall.UnitName(unit) : $"<{a.Type.SqlName()}>"));
            throw SqlPlanningException.Validation($"No match found for function signature {name}({types})", position);
        }

        return bind(new SqlCall(name, args, context, position));
    }

    /// <summary>
    /// A binding whose result is null when any value argument is null (time units and settings read at bind time do
    /// not count). Arguments
    /// listed in <paramref name="textArgs"/> arrive as text: TIMESTAMP, DATE, numbers and booleans printed as
    /// <c>CAST(x AS VARCHAR)</c> prints them; a multi-value there (past the first argument) counts as its only
    /// element, or null when it has none or several.
    /// </summary>
    private static SqlScalarBinding Strict(SqlCall call, SqlColumnType type, Func<object?[], object?> invoke, params int[] textArgs)
    {
        var zone = call.Context.TimeZone;
        var values = Enumerable.Range(0, call.Count).Where(i => call.Args[i].Unit is null && !call.IsSetting(i)).ToArray();
        var texts = textArgs.Where(i => i < call.Count).Select(i => (Index: i, call.Args[i].Type)).ToArray();
        return new SqlScalarBinding(type, args =>
        {
            if (texts.Length > 0)
            {
                args = (object?[])args.Clone();
                foreach (var (i, from) in texts)
                {
                    args[i] = args[i] is null ? null : SqlValues.ToText(args[i]!, from, zone);
                    if (i > 0 && args[i] is string?[] many)
                    {
                        args[i] = many.Length == 1 ? many[0] : null;
                    }
                }
            }

            foreach (var i in values)
            {
                if (args[i] is null)
                {
                    return null;
                }
            }

            return invoke(args);
        });
    }

    /// <summary>
    /// Applies a function of its first (text) argument, mapping over a multi-value: a VARCHAR result maps each element,
    /// a BOOLEAN result is true when any element gives true, and any other result needs exactly one element (else null).
    /// </summary>
    private static object? OnText(object? first, SqlColumnType type, Func<string, object?> apply) => first switch
    {
        string text => apply(text),
        string?[] many when type == SqlColumnType.Varchar => SqlValues.MapText(many, e => (string?)apply(e)),
        string?[] many when type == SqlColumnType.Boolean => many.Length == 0 ? null : many.Any(e => e is not null && apply(e) is true),
        string?[] { Length: 1 } one => one[0] is { } e ? apply(e) : null,
        _ => null,
    };
}
