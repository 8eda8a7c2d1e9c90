using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Tests.Sql.Parsing;

/// <summary>
/// Prints a syntax tree as one line with every node explicit (operators in prefix form, literals typed), so a test can
/// compare a whole tree with one string.
/// </summary>
public static class SqlTreePrinter
{
    public static string Print(SqlStatement statement) =>
        (statement.Explain ? "EXPLAIN " : "") + Print(statement.Query);

    public static string Print(SqlQuery query)
    {
        var parts = new List<string>();
        if (query.With.Count > 0)
        {
            parts.Add("WITH " + string.Join(", ", query.With.Select(w =>
                w.Name + (w.Columns is null ? "" : "(" + string.Join(", ", w.Columns) + ")") + " AS {" + Print(w.Query) + "}")));
        }

        parts.Add(Print(query.Body));
        if (query.OrderBy.Count > 0)
        {
            parts.Add("ORDER BY " + string.Join(", ", query.OrderBy.Select(o =>
                Print(o.Expr) + (o.Descending ? " DESC" : "") + o.NullsFirst switch
                {
                    true => " NULLS FIRST",
                    false => " NULLS LAST",
                    null => "",
                })));
        }

        if (query.Limit is not null)
        {
            parts.Add("LIMIT " + Print(query.Limit));
        }

        if (query.Offset is not null)
        {
            parts.Add("OFFSET " + Print(query.Offset));
        }

        return string.Join(" ", parts);
    }

    public static string Print(SqlSetExpr body) => body switch
    {
        SqlSelect s => Print(s),
        SqlUnionAll u => $"[{Print(u.Left)}] UNION ALL [{Print(u.Right)}]",
        SqlNestedQuery n => "{" + Print(n.Query) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(body), body, null),
    };

    static string Print(SqlSelect select)
    {
        var parts = new List<string> { "SELECT" + (select.Distinct ? " DISTINCT" : "") };
        parts.Add(string.Join(", ", select.Items.Select(i => Print(i.Expr) + (i.Alias is null ? "" : " AS " + i.Alias))));
        if (select.From is not null)
        {
            parts.Add("FROM " + select.From switch
            {
                SqlTableRef t => (t.Schema is null ? "" : t.Schema + ".") + t.Name,
                SqlSubqueryRef q => "{" + Print(q.Query) + "}",
                _ => throw new ArgumentOutOfRangeException(nameof(select), select.From, null),
            } + (select.From.Alias is null ? "" : " AS " + select.From.Alias));
        }

        if (select.Where is not null)
        {
            parts.Add("WHERE " + Print(select.Where));
        }

        if (select.GroupBy is not null)
        {
            parts.Add("GROUP BY " + string.Join(", ", select.GroupBy.Select(Print)));
        }

        if (select.Having is not null)
        {
            parts.Add("HAVING " + Print(select.Having));
        }

        return string.Join(" ", parts);
    }

    static string Print(SqlGroupingElement element) => element switch
    {
        SqlGroupingExpr e => Print(e.Expr),
        SqlRollup r => $"ROLLUP({List(r.Exprs)})",
        SqlCube c => $"CUBE({List(c.Exprs)})",
        SqlGroupingSets s => "GROUPING SETS(" + string.Join(", ", s.Sets.Select(set => "(" + List(set) + ")")) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(element), element, null),
    };

    public static string Print(SqlExpr expr) => expr switch
    {
        SqlNullLiteral => "NULL",
        SqlBooleanLiteral b => b.Value ? "TRUE" : "FALSE",
        SqlNumberLiteral n => n.IsExact ? n.Text : n.Text + "~",
        SqlStringLiteral s => "'" + s.Value + "'",
        SqlTypedLiteral t => $"{t.Type}'{t.Text}'",
        SqlIntervalLiteral i => $"INTERVAL'{i.Text}'{i.Unit}",
        SqlTimeUnitArg u => u.Unit.ToString(),
        SqlIdentifier id => string.Join(".", id.Parts.Select(p => "[" + p + "]")),
        SqlStar s => s.Qualifier is null ? "*" : $"[{s.Qualifier}].*",
        SqlParameter p => "?" + p.Index,
        SqlUnary { Operator: SqlUnaryOperator.Not } u => $"(NOT {Print(u.Operand)})",
        SqlUnary u => $"(- {Print(u.Operand)})",
        SqlBinary b => $"({b.Operator} {Print(b.Left)} {Print(b.Right)})",
        SqlFunctionCall f => f.Name + "(" + (f.Distinct ? "DISTINCT " : "") + (f.Star ? "*" : List(f.Args)) + ")"
            + (f.Filter is null ? "" : $" FILTER({Print(f.Filter)})"),
        SqlCase c => "(CASE" + (c.Operand is null ? "" : " " + Print(c.Operand))
            + string.Concat(c.Whens.Select(w => $" WHEN {Print(w.When)} THEN {Print(w.Then)}"))
            + (c.Else is null ? "" : " ELSE " + Print(c.Else)) + ")",
        SqlCast c => $"CAST({Print(c.Operand)} AS {c.Type})",
        SqlIn i => $"({(i.Negated ? "NOT IN" : "IN")} {Print(i.Operand)} [{List(i.Values)}])",
        SqlInQuery i => $"({(i.Negated ? "NOT IN" : "IN")} {Print(i.Operand)} {{{Print(i.Query)}}})",
        SqlBetween b => $"({(b.Negated ? "NOT BETWEEN" : "BETWEEN")} {Print(b.Operand)} {Print(b.Low)} {Print(b.High)})",
        SqlLike l => $"({(l.Negated ? "NOT LIKE" : "LIKE")} {Print(l.Operand)} {Print(l.Pattern)}"
            + (l.Escape is null ? "" : " ESCAPE " + Print(l.Escape)) + ")",
        SqlIsNull n => $"({(n.Negated ? "IS NOT NULL" : "IS NULL")} {Print(n.Operand)})",
        SqlIsBoolean b => $"(IS {(b.Negated ? "NOT " : "")}{(b.Value ? "TRUE" : "FALSE")} {Print(b.Operand)})",
        SqlScalarSubquery q => "{" + Print(q.Query) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(expr), expr, null),
    };

    static string List(IEnumerable<SqlExpr> exprs) => string.Join(", ", exprs.Select(Print));
}
