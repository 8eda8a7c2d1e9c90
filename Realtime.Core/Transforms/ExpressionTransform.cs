using Realtime.Abstractions.Parsing;
using Realtime.Core.Expressions;

namespace Realtime.Core.Transforms;

/// <summary>The <c>expression</c> transform: the field's value is an expression over the input row's fields (and <c>__time</c>).</summary>
public sealed class ExpressionTransform : Transform
{
    /// <summary>The expression, in the subset of Druid's expression language in docs/expressions.md.</summary>
    public required string Expression { get; init; }

    /// <inheritdoc />
    public override Func<InputRow, object?> CreateRowFunction()
    {
        Expr expr;
        try
        {
            expr = Expr.Parse(Expression ?? throw new ArgumentException($"transform '{Name}': expression is required."));
        }
        catch (ExpressionException e)
        {
            throw new ArgumentException($"transform '{Name}': {e.Message}", e);
        }

        return row => expr.Evaluate(new RowBindings(row)).ToObject();
    }

    /// <summary>Reads identifiers from an input row: <c>__time</c> is its timestamp, other names its raw fields.</summary>
    private readonly struct RowBindings(InputRow row) : IExpressionBindings
    {
        public ExprValue Get(string name) =>
            name == TransformSpec.TimeColumn ? ExprValue.Of(row.TimestampMillis) : ExprValue.FromObject(row.GetRaw(name));
    }
}
