namespace Realtime.Core.Expressions;

/// <summary>
/// A parsed expression of Druid's expression language (the subset in docs/expressions.md), ready to evaluate
/// many times. Parse once, evaluate per row.
/// </summary>
/// <remarks>Immutable and safe to evaluate from several threads at once.</remarks>
public sealed class Expr
{
    private readonly ExprNode _root;

    private Expr(string text, ExprNode root)
    {
        Text = text;
        _root = root;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        root.CollectIdentifiers(names);
        RequiredColumns = names;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The identifiers the expression reads.</summary>
    public IReadOnlySet<string> RequiredColumns { get; }

    /// <summary>Parses an expression.</summary>
    /// <exception cref="ExpressionException">The text is not a supported expression; the message quotes it and gives the position.</exception>
    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Expr(text, ExprParser.Parse(text));
    }

    /// <summary>Evaluates the expression with identifier values from <paramref name="bindings"/>.</summary>
    /// <exception cref="ExpressionException">An operation failed (division by zero, an unparseable time); the message quotes the expression.</exception>
    public ExprValue Evaluate(IExpressionBindings bindings)
    {
        try
        {
            return _root.Eval(bindings);
        }
        catch (ExprFailure e)
        {
            throw new ExpressionException($"Expression '{Text}' failed: {e.Message}.", Text, inner: e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
