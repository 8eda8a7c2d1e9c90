using Realtime.Abstractions.Time;
using Realtime.Core.Parsing;
using Realtime.Core.Time;

namespace Realtime.Core.Expressions;

/// <summary>A call of a built-in function; arguments are evaluated by the function, so <c>if</c> and <c>nvl</c> are lazy.</summary>
internal sealed class FunctionNode(ExprNode[] args, Func<ExprNode[], IExpressionBindings, ExprValue> body) : ExprNode
{
    public override ExprValue Eval(IExpressionBindings bindings) => body(args, bindings);

    public override void CollectIdentifiers(ISet<string> names)
    {
        foreach (var arg in args)
        {
            arg.CollectIdentifiers(names);
        }
    }
}

/// <summary>The built-in functions: their argument rules, checked when parsing, and their evaluation.</summary>
internal static class ExprFunctions
{
    /// <summary>The names of the supported functions, for messages.</summary>
    public const string Names =
        "concat, lower, upper, substring, strlen, if, case_searched, case_simple, nvl, cast, timestamp, timestamp_floor, abs, floor, ceil, round";

    /// <summary>Builds a call, checking the number and kind of arguments.</summary>
    /// <exception cref="ArgumentException">The function is unknown or its arguments do not fit; the message says why.</exception>
    public static ExprNode Create(string name, ExprNode[] args) => name.ToLowerInvariant() switch
    {
        "concat" => new FunctionNode(args, Concat),
        "lower" => Unary(name, args, v => v.IsNull ? v : ExprValue.Of(v.AsString()!.ToLowerInvariant())),
        "upper" => Unary(name, args, v => v.IsNull ? v : ExprValue.Of(v.AsString()!.ToUpperInvariant())),
        "strlen" => Unary(name, args, v => ExprValue.Of((long)(v.AsString()?.Length ?? 0))),
        "substring" => Count(name, args, 3, 3, Substring),
        "if" => Count(name, args, 3, 3, static (a, b) => a[0].Eval(b).AsBoolean() ? a[1].Eval(b) : a[2].Eval(b)),
        "case_searched" => Count(name, args, 2, int.MaxValue, CaseSearched),
        "case_simple" => Count(name, args, 3, int.MaxValue, CaseSimple),
        "nvl" => Count(name, args, 2, 2, static (a, b) => a[0].Eval(b) is var v && (v.IsNull || (v.Type == ExprType.String && v.AsString() == "")) ? a[1].Eval(b) : v),
        "cast" => Cast(args),
        "timestamp" => Timestamp(args),
        "timestamp_floor" => TimestampFloor(args),
        "abs" => Unary(name, args, static v => v.Type == ExprType.Long ? ExprValue.Of(v.AsLong() < 0 ? unchecked(-v.AsLong()) : v.AsLong()) : ExprValue.Of(Math.Abs(v.AsDouble()))),
        "floor" => Unary(name, args, static v => ExprValue.Of(Math.Floor(v.AsDouble()))),
        "ceil" => Unary(name, args, static v => ExprValue.Of(Math.Ceiling(v.AsDouble()))),
        "round" => Unary(name, args, static v => v.Type == ExprType.Long ? v : ExprValue.Of(RoundHalfUp(v.AsDouble()))),
        _ => throw new ArgumentException($"unknown function '{name}' (supported: {Names})"),
    };

    private static FunctionNode Count(string name, ExprNode[] args, int min, int max, Func<ExprNode[], IExpressionBindings, ExprValue> body)
    {
        if (args.Length < min || args.Length > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw new ArgumentException($"function '{name}' takes {expected} arguments, not {args.Length}");
        }

        return new FunctionNode(args, body);
    }

    private static FunctionNode Unary(string name, ExprNode[] args, Func<ExprValue, ExprValue> body) =>
        Count(name, args, 1, 1, (a, b) => body(a[0].Eval(b)));

    private static ExprValue Concat(ExprNode[] args, IExpressionBindings bindings)
    {
        if (args.Length == 0)
        {
            return ExprValue.Null;
        }

        var text = new System.Text.StringBuilder();
        foreach (var arg in args)
        {
            text.Append(arg.Eval(bindings).AsString());
        }

        return ExprValue.Of(text.ToString());
    }

    private static ExprValue Substring(ExprNode[] args, IExpressionBindings bindings)
    {
        var text = args[0].Eval(bindings).AsString();
        if (text is null)
        {
            return ExprValue.Null;
        }

        var index = (int)Math.Clamp(args[1].Eval(bindings).AsLong(), 0, int.MaxValue);
        var length = args[2].Eval(bindings).AsLong();
        if (index >= text.Length)
        {
            return ExprValue.Of("");
        }

        return ExprValue.Of(length < 0 ? text[index..] : text.Substring(index, (int)Math.Min(length, text.Length - index)));
    }

    private static ExprValue CaseSearched(ExprNode[] args, IExpressionBindings bindings)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].Eval(bindings).AsBoolean())
            {
                return args[i + 1].Eval(bindings);
            }
        }

        return args.Length % 2 == 1 ? args[^1].Eval(bindings) : ExprValue.Null;
    }

    private static ExprValue CaseSimple(ExprNode[] args, IExpressionBindings bindings)
    {
        var subject = args[0].Eval(bindings);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (BinaryNode.Apply(BinaryOp.Equal, "==", subject, args[i].Eval(bindings)).AsBoolean())
            {
                return args[i + 1].Eval(bindings);
            }
        }

        return args.Length % 2 == 0 ? args[^1].Eval(bindings) : ExprValue.Null;
    }

    private static FunctionNode Cast(ExprNode[] args)
    {
        if (args.Length != 2 || args[1] is not LiteralNode { Value.Type: ExprType.String } type)
        {
            throw new ArgumentException("function 'cast' takes an expression and a type literal: cast(x, 'LONG' | 'DOUBLE' | 'STRING')");
        }

        return type.Value.AsString()!.ToUpperInvariant() switch
        {
            "LONG" => new FunctionNode(args, static (a, b) => a[0].Eval(b) switch
            {
                { Type: ExprType.String } s => ExprValue.TryParseLong(s.AsString(), out var l) ? ExprValue.Of(l) : ExprValue.Null,
                var v => ExprValue.Of(v.AsLong()),
            }),
            "DOUBLE" => new FunctionNode(args, static (a, b) => a[0].Eval(b) switch
            {
                { Type: ExprType.String } s => ExprValue.TryParseDouble(s.AsString(), out var d) ? ExprValue.Of(d) : ExprValue.Null,
                var v => ExprValue.Of(v.AsDouble()),
            }),
            "STRING" => new FunctionNode(args, static (a, b) => ExprValue.Of(a[0].Eval(b).AsString())),
            var other => throw new ArgumentException($"cast to '{other}' is not supported; use 'LONG', 'DOUBLE' or 'STRING'"),
        };
    }

    private static FunctionNode Timestamp(ExprNode[] args)
    {
        if (args.Length is < 1 or > 2)
        {
            throw new ArgumentException($"function 'timestamp' takes 1 or 2 arguments, not {args.Length}");
        }

        var pattern = args.Length == 2 ? JodaPattern.Create(LiteralText(args[1], "timestamp", "format"), TimeZoneInfo.Utc, "timestamp format") : null;
        return new FunctionNode(args, (a, b) =>
        {
            var text = a[0].Eval(b).AsString();
            if (text is null)
            {
                return ExprValue.Null;
            }

            var parsed = pattern is null ? IsoTimestamp.TryParse(text, allowSpace: true, out var millis) : pattern.TryParse(text, out millis);
            return parsed ? ExprValue.Of(millis) : throw new ExprFailure($"timestamp: '{text}' is not a time{(pattern is null ? " in ISO-8601" : $" in the format '{pattern.Pattern}'")}");
        });
    }

    private static FunctionNode TimestampFloor(ExprNode[] args)
    {
        if (args.Length is < 2 or > 4)
        {
            throw new ArgumentException($"function 'timestamp_floor' takes 2 to 4 arguments, not {args.Length}");
        }

        var periodText = LiteralText(args[1], "timestamp_floor", "period");
        IsoPeriod period;
        try
        {
            period = IsoPeriod.Parse(periodText);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"timestamp_floor: {e.Message}", e);
        }

        long? origin = args.Length > 2 ? Origin(args[2]) : null;
        var zone = args.Length > 3 && args[3] is not LiteralNode { Value.IsNull: true }
            ? TimeZones.Find(LiteralText(args[3], "timestamp_floor", "time zone"))
              ?? throw new ArgumentException($"timestamp_floor: '{LiteralText(args[3], "timestamp_floor", "time zone")}' is not a known time zone")
            : TimeZoneInfo.Utc;
        var granularity = new PeriodGranularity(period, zone, origin);
        return new FunctionNode(args, (a, b) => a[0].Eval(b) is { IsNull: false } time ? ExprValue.Of(granularity.BucketStart(time.AsLong())) : ExprValue.Null);
    }

    private static long? Origin(ExprNode node) => node switch
    {
        LiteralNode { Value.IsNull: true } => null,
        LiteralNode { Value.Type: ExprType.Long } literal => literal.Value.AsLong(),
        LiteralNode { Value.Type: ExprType.String } literal => IsoTimestamp.TryParse(literal.Value.AsString()!, allowSpace: true, out var millis)
            ? millis
            : throw new ArgumentException($"timestamp_floor: origin '{literal.Value.AsString()}' is not an ISO-8601 time"),
        _ => throw new ArgumentException("timestamp_floor: the origin must be a literal (epoch milliseconds or an ISO-8601 string)"),
    };

    private static string LiteralText(ExprNode node, string function, string what) =>
        node is LiteralNode { Value.Type: ExprType.String, Value.IsNull: false } literal
            ? literal.Value.AsString()!
            : throw new ArgumentException($"{function}: the {what} must be a string literal");

    /// <summary>Rounds half up, as Java's <c>Math.round</c>.</summary>
    private static long RoundHalfUp(double value) =>
        double.IsNaN(value) ? 0 : value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)Math.Floor(value + 0.5);
}
