namespace Realtime.Core.Sql.Functions;

/// <summary>A scalar function bound to its argument types: the result type and the code to run on evaluated arguments.</summary>
/// <param name="Type">The type of the result.</param>
/// <param name="Invoke">Computes the result from the argument values, in argument order (time-unit arguments pass null).</param>
internal sealed record SqlScalarBinding(SqlColumnType Type, Func<object?[], object?> Invoke);
