namespace Realtime.Core.Expressions;

/// <summary>Supplies the values of the identifiers an expression reads.</summary>
public interface IExpressionBindings
{
    /// <summary>The value of <paramref name="name"/>; the null value when it has none.</summary>
    ExprValue Get(string name);
}
