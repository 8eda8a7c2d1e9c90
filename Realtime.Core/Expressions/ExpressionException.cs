namespace Realtime.Core.Expressions;

/// <summary>An expression could not be parsed, or failed on a value; the message quotes the expression.</summary>
public sealed class ExpressionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message, string expression, int? position = null, Exception? inner = null)
        : base(message, inner)
    {
        Expression = expression;
        Position = position;
    }

    /// <summary>The expression text.</summary>
    public string Expression { get; }

    /// <summary>The 0-based character offset of a parse error, or null for an evaluation error.</summary>
    public int? Position { get; }
}
