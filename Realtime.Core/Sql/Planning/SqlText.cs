using System.Globalization;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>
/// A canonical text of a syntax tree without positions: two expressions with the same text are the same expression
/// (how <c>GROUP BY</c> keys are matched in the select list, and aggregate calls de-duplicated).
/// </summary>
internal static class SqlText
{
    public static string Of(SqlExpr expr) => expr switch
    {
        SqlNullLiteral => "NULL",
        SqlBooleanLiteral b => b.Value ? "TRUE" : "FALSE",
        SqlNumberLiteral n => n.Text,
        SqlStringLiteral s => "'" + s.Value.Replace("'", "''", StringComparison.Ordinal) + "'",
        SqlTypedLiteral t => $"{t.Type} '{t.Text}'",
        SqlIntervalLiteral i => $"INTERVAL '{i.Text}' {i.Unit}",
        SqlTimeUnitArg u => u.Unit.ToString(),
        SqlIdentifier id => "\"" + string.Join("\".\"", id.Parts) + "\"",
        SqlStar s => s.Qualifier is null ? "*" : $"{s.Qualifier}.*",
        SqlParameter p => "?" + p.Index.ToString(CultureInfo.InvariantCulture),
        SqlUnary u => $"({u.Operator} {Of(u.Operand)})",
        SqlBinary b => $"({Of(b.Left)} {b.Operator} {Of(b.Right)})",
        SqlFunctionCall f => $"{f.Name}({(f.Distinct ? "DISTINCT " : "")}{(f.Star ? "*" : string.Join(", ", f.Args.Select(Of)))})" +
                             (f.Filter is null ? "" : $" FILTER (WHERE {Of(f.Filter)})"),
        SqlCase c => "CASE" + (c.Operand is null ? "" : " " + Of(c.Operand)) + string.Concat(c.Whens.Select(w => $" WHEN {Of(w.When)} THEN {Of(w.Then)}")) +
                     (c.Else is null ? "" : $" ELSE {Of(c.Else)}") + " END",
        SqlCast c => $"CAST({Of(c.Operand)} AS {c.Type})",
        SqlIn i => $"({Of(i.Operand)} {(i.Negated ? "NOT IN" : "IN")} ({string.Join(", ", i.Values.Select(Of))}))",
        SqlBetween b => $"({Of(b.Operand)} {(b.Negated ? "NOT BETWEEN" : "BETWEEN")} {Of(b.Low)} AND {Of(b.High)})",
        SqlLike l => $"({Of(l.Operand)} {(l.Negated ? "NOT LIKE" : "LIKE")} {Of(l.Pattern)}{(l.Escape is null ? "" : " ESCAPE " + Of(l.Escape))})",
        SqlIsNull n => $"({Of(n.Operand)} IS {(n.Negated ? "NOT " : "")}NULL)",
        SqlIsBoolean b => $"({Of(b.Operand)} IS {(b.Negated ? "NOT " : "")}{b.Value})",
        _ => $"<{expr.GetType().Name}@{expr.Position}>",
    };
}
