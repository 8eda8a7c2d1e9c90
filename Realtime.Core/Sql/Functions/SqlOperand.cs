using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

/// <summary>What the binder knows of one function argument at bind time.</summary>
/// <param name="Type">The argument's type; irrelevant when <paramref name="Unit"/> is set.</param>
/// <param name="IsConstant">Whether the value is known before any row is read (a literal, or an expression of literals).</param>
/// <param name="Constant">The value when <paramref name="IsConstant"/>; null for a <c>NULL</c> literal.</param>
/// <param name="Position">Where the argument stands, for error messages.</param>
/// <param name="Unit">The unit when the argument is a time unit (<c>TIMESTAMPADD(DAY, …)</c>, <c>FLOOR(x TO HOUR)</c>).</param>
internal readonly record struct SqlOperand(SqlColumnType Type, bool IsConstant, object? Constant, SqlPosition Position, SqlTimeUnit? Unit = null)
{
    /// <summary>Whether the argument is the constant <c>NULL</c>.</summary>
    public bool IsNullConstant => IsConstant && Constant is null && Unit is null;
}
