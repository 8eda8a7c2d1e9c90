namespace Realtime.Core.Expressions;

/// <summary>A node of a parsed expression.</summary>
internal abstract class ExprNode
{
    /// <summary>Evaluates the node.</summary>
    /// <exception cref="ExprFailure">The operation is not defined for the values.</exception>
    public abstract ExprValue Eval(IExpressionBindings bindings);

    /// <summary>Adds the identifiers the node reads.</summary>
    public abstract void CollectIdentifiers(ISet<string> names);
}

/// <summary>An operation failed on the values it got; the expression adds its own text to the message.</summary>
internal sealed class ExprFailure(string message) : Exception(message);

/// <summary>A literal long, double or string.</summary>
internal sealed class LiteralNode(ExprValue value) : ExprNode
{
    public ExprValue Value { get; } = value;

    public override ExprValue Eval(IExpressionBindings bindings) => Value;

    public override void CollectIdentifiers(ISet<string> names)
    {
    }
}

/// <summary>A column or field read from the bindings.</summary>
internal sealed class IdentifierNode(string name) : ExprNode
{
    public string Name { get; } = name;

    public override ExprValue Eval(IExpressionBindings bindings) => bindings.Get(Name);

    public override void CollectIdentifiers(ISet<string> names) => names.Add(Name);
}

/// <summary>Unary minus and logical not.</summary>
internal sealed class UnaryNode(char op, ExprNode operand) : ExprNode
{
    public override ExprValue Eval(IExpressionBindings bindings)
    {
        var value = operand.Eval(bindings);
        if (op == '!')
        {
            return ExprValue.Of(!value.AsBoolean(), value.Type == ExprType.Double);
        }

        return value.Type switch
        {
            ExprType.Long => ExprValue.Of(unchecked(-value.AsLong())),
            ExprType.Double => ExprValue.Of(-value.AsDouble()),
            _ => throw new ExprFailure($"unary '-' is not defined for the string {value}"),
        };
    }

    public override void CollectIdentifiers(ISet<string> names) => operand.CollectIdentifiers(names);
}

/// <summary>The binary operators.</summary>
internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
}

/// <summary>
/// A binary operation. Two strings use string semantics (<c>+</c> concatenates, comparisons are ordinal); two
/// longs use long arithmetic; anything else is computed in doubles. Comparisons give 1 or 0.
/// </summary>
internal sealed class BinaryNode(BinaryOp op, string symbol, ExprNode left, ExprNode right) : ExprNode
{
    public override ExprValue Eval(IExpressionBindings bindings)
    {
        var l = left.Eval(bindings);
        if (op == BinaryOp.And)
        {
            return l.AsBoolean() ? right.Eval(bindings) : l;
        }

        if (op == BinaryOp.Or)
        {
            return l.AsBoolean() ? l : right.Eval(bindings);
        }

        return Apply(op, symbol, l, right.Eval(bindings));
    }

    /// <summary>Applies an operator other than <c>&amp;&amp;</c> and <c>||</c> to two values.</summary>
    public static ExprValue Apply(BinaryOp op, string symbol, ExprValue l, ExprValue r)
    {
        if (l.Type == ExprType.String && r.Type == ExprType.String)
        {
            return Strings(op, symbol, l.AsString(), r.AsString());
        }

        return l.Type == ExprType.Long && r.Type == ExprType.Long ? Longs(op, l.AsLong(), r.AsLong()) : Doubles(op, l.AsDouble(), r.AsDouble());
    }

    public override void CollectIdentifiers(ISet<string> names)
    {
        left.CollectIdentifiers(names);
        right.CollectIdentifiers(names);
    }

    private static ExprValue Strings(BinaryOp op, string symbol, string? a, string? b) => op switch
    {
        BinaryOp.Add => ExprValue.Of(string.Concat(a, b)),
        BinaryOp.Equal => ExprValue.Of(string.Equals(a, b, StringComparison.Ordinal)),
        BinaryOp.NotEqual => ExprValue.Of(!string.Equals(a, b, StringComparison.Ordinal)),
        BinaryOp.Less => ExprValue.Of(string.CompareOrdinal(a, b) < 0),
        BinaryOp.LessOrEqual => ExprValue.Of(string.CompareOrdinal(a, b) <= 0),
        BinaryOp.Greater => ExprValue.Of(string.CompareOrdinal(a, b) > 0),
        BinaryOp.GreaterOrEqual => ExprValue.Of(string.CompareOrdinal(a, b) >= 0),
        _ => throw new ExprFailure($"'{symbol}' is not defined for two strings ('{a}', '{b}')"),
    };

    private static ExprValue Longs(BinaryOp op, long a, long b) => op switch
    {
        BinaryOp.Add => ExprValue.Of(unchecked(a + b)),
        BinaryOp.Subtract => ExprValue.Of(unchecked(a - b)),
        BinaryOp.Multiply => ExprValue.Of(unchecked(a * b)),
        BinaryOp.Divide => b == 0 ? throw new ExprFailure($"division by zero ({a} / 0)") : ExprValue.Of(a == long.MinValue && b == -1 ? a : a / b),
        BinaryOp.Modulo => b == 0 ? throw new ExprFailure($"modulo by zero ({a} % 0)") : ExprValue.Of(b == -1 ? 0 : a % b),
        BinaryOp.Power => ExprValue.Of(Power(a, b)),
        BinaryOp.Less => ExprValue.Of(a < b),
        BinaryOp.LessOrEqual => ExprValue.Of(a <= b),
        BinaryOp.Greater => ExprValue.Of(a > b),
        BinaryOp.GreaterOrEqual => ExprValue.Of(a >= b),
        BinaryOp.Equal => ExprValue.Of(a == b),
        _ => ExprValue.Of(a != b),
    };

    private static ExprValue Doubles(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => ExprValue.Of(a + b),
        BinaryOp.Subtract => ExprValue.Of(a - b),
        BinaryOp.Multiply => ExprValue.Of(a * b),
        BinaryOp.Divide => ExprValue.Of(a / b),
        BinaryOp.Modulo => ExprValue.Of(a % b),
        BinaryOp.Power => ExprValue.Of(Math.Pow(a, b)),
        BinaryOp.Less => ExprValue.Of(a < b, asDouble: true),
        BinaryOp.LessOrEqual => ExprValue.Of(a <= b, asDouble: true),
        BinaryOp.Greater => ExprValue.Of(a > b, asDouble: true),
        BinaryOp.GreaterOrEqual => ExprValue.Of(a >= b, asDouble: true),
        BinaryOp.Equal => ExprValue.Of(a == b, asDouble: true),
        _ => ExprValue.Of(a != b, asDouble: true),
    };

    /// <summary>Integer power by squaring, wrapping on overflow; a negative exponent gives 0 (or ±1 for a base of ±1).</summary>
    private static long Power(long b, long e)
    {
        if (e < 0)
        {
            return b == 1 ? 1 : b == -1 ? (e % 2 == 0 ? 1 : -1) : b == 0 ? throw new ExprFailure("0 raised to a negative power") : 0;
        }

        long result = 1;
        unchecked
        {
            while (e > 0)
            {
                if ((e & 1) == 1)
                {
                    result *= b;
                }

                b *= b;
                e >>= 1;
            }
        }

        return result;
    }
}
