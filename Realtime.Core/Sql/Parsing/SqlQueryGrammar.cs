using Realtime.Core.Sql.Syntax;
using Superpower;
using Superpower.Model;
using static Realtime.Core.Sql.Parsing.SqlExpressionGrammar;
using static Realtime.Core.Sql.Parsing.SqlTokenParsers;

namespace Realtime.Core.Sql.Parsing;

/// <summary>
/// Statements and queries of Druid SQL: <c>[EXPLAIN PLAN FOR] [WITH …] select [UNION ALL …] [ORDER BY …] [LIMIT …]
/// [OFFSET …]</c>, a select reading one table or subquery.
/// </summary>
/// <remarks>
/// Constructs Druid SQL does not run (joins, <c>UNION</c> without <c>ALL</c>, <c>INTERSECT</c>, <c>EXCEPT</c>,
/// <c>LIMIT start, count</c>) are refused where they appear with a message that names them. The parsers are declared
/// from the smallest up, because each is built from the ones before it.
/// </remarks>
internal static class SqlQueryGrammar
{
    /// <summary>A query (nested ones are counted against the depth limit).</summary>
    public static TokenListParser<SqlToken, SqlQuery> Query { get; } = Nested(() => QueryBody!);

    static readonly string[] JoinWords = ["JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "NATURAL", "OUTER"];

    static readonly TokenListParser<SqlToken, string?> ItemAlias =
        Keyword("AS").IgnoreThen(Identifier).Or(Identifier).Select(name => name.Text).OrNull();

    /// <summary>A table's alias; without <c>AS</c> it cannot be a word that starts a join.</summary>
    static readonly TokenListParser<SqlToken, string?> TableAlias =
        Keyword("AS").IgnoreThen(Identifier).Or(IdentifierExcept(IsJoinWord)).Select(name => name.Text).OrNull();

    static readonly TokenListParser<SqlToken, SqlFrom> TableReference =
        from first in Identifier
        from second in Dot.IgnoreThen(Identifier).Optional()
        from alias in TableAlias
        select (SqlFrom)(second is { } name
            ? new SqlTableRef(first.Text, name.Text, alias, first.Position)
            : new SqlTableRef(null, first.Text, alias, first.Position));

    static readonly TokenListParser<SqlToken, SqlFrom> SubqueryReference =
        from open in LeftParen
        from query in Query
        from close in RightParen
        from alias in TableAlias
        select (SqlFrom)new SqlSubqueryRef(query, alias, PositionOf(open));

    static readonly TokenListParser<SqlToken, SqlFrom> From =
        from source in SubqueryReference.Or(TableReference)
        from noJoin in Refuse(
            t => t.Kind == SqlToken.Comma || IsJoinWord(t),
            "Joins are not supported: a query reads from one table or subquery")
        select source;

    static readonly TokenListParser<SqlToken, SqlSelectItem> SelectItem =
        Star.Select(t => new SqlSelectItem(new SqlStar(null, PositionOf(t)), null, PositionOf(t)))
            .Or(from ahead in LookingAt(IsIdentifier, t => t.Kind == SqlToken.Dot, t => t.Kind == SqlToken.Star)
                from qualifier in Identifier
                from dot in Dot
                from star in Star
                select new SqlSelectItem(new SqlStar(qualifier.Text, qualifier.Position), null, qualifier.Position))
            .Or(from start in Here
                from expr in Expr
                from alias in ItemAlias
                select new SqlSelectItem(expr, alias, start));

    static readonly TokenListParser<SqlToken, SqlExpr[]> ExprList = Expr.AtLeastOnceDelimitedBy(Comma);

    /// <summary>One set of <c>GROUPING SETS</c>: <c>(a, b)</c>, <c>()</c> or a single expression.</summary>
    static readonly TokenListParser<SqlToken, IReadOnlyList<SqlExpr>> GroupingSet =
        (from open in LeftParen
         from exprs in Expr.ManyDelimitedBy(Comma)
         from close in RightParen
         from ahead in LookingAt(t => t.Kind is SqlToken.Comma or SqlToken.RightParen)
         select (IReadOnlyList<SqlExpr>)exprs)
        .Try()
        .Or(Expr.Select(IReadOnlyList<SqlExpr> (e) => [e]));

    static readonly TokenListParser<SqlToken, SqlGroupingElement> GroupingElement =
        (from ahead in LookingAt(t => IsWord(t, "ROLLUP"), t => t.Kind == SqlToken.LeftParen)
         from keyword in Next
         from open in LeftParen
         from exprs in ExprList
         from close in RightParen
         select (SqlGroupingElement)new SqlRollup(exprs, PositionOf(keyword)))
        .Or(from ahead in LookingAt(t => IsWord(t, "CUBE"), t => t.Kind == SqlToken.LeftParen)
            from keyword in Next
            from open in LeftParen
            from exprs in ExprList
            from close in RightParen
            select (SqlGroupingElement)new SqlCube(exprs, PositionOf(keyword)))
        .Or(from ahead in LookingAt(t => IsWord(t, "GROUPING"), t => IsWord(t, "SETS"))
            from keyword in Next
            from sets in Next
            from open in LeftParen
            from list in GroupingSet.AtLeastOnceDelimitedBy(Comma)
            from close in RightParen
            select (SqlGroupingElement)new SqlGroupingSets(list, PositionOf(keyword)))
        .Or(from ahead in LookingAt(t => t.Kind == SqlToken.LeftParen, t => t.Kind == SqlToken.RightParen)
            from open in Next
            from close in Next
            select (SqlGroupingElement)new SqlGroupingSets([[]], PositionOf(open)))
        .Or(Expr.Select(SqlGroupingElement (e) => new SqlGroupingExpr(e)));

    static readonly TokenListParser<SqlToken, SqlGroupingElement[]> GroupBy =
        from keyword in Keyword("GROUP")
        from byKeyword in Keyword("BY")
        from elements in GroupingElement.AtLeastOnceDelimitedBy(Comma)
        select elements;

    static readonly TokenListParser<SqlToken, SqlSetExpr> Select =
        from keyword in Keyword("SELECT")
        from distinct in Keyword("DISTINCT").Value(true).Or(Keyword("ALL").Value(false)).OptionalOrDefault(false)
        from items in SelectItem.AtLeastOnceDelimitedBy(Comma)
        from source in Keyword("FROM").IgnoreThen(From).OrNull()
        from condition in Keyword("WHERE").IgnoreThen(Expr).OrNull()
        from grouping in GroupBy.OrNull()
        from having in Keyword("HAVING").IgnoreThen(Expr).OrNull()
        select (SqlSetExpr)new SqlSelect(distinct, items, source, condition, grouping, having, PositionOf(keyword));

    static readonly TokenListParser<SqlToken, SqlSetExpr> SetOperand =
        Select.Or(
            from open in LeftParen
            from query in Query
            from close in RightParen
            select (SqlSetExpr)new SqlNestedQuery(query, PositionOf(open)));

    static readonly TokenListParser<SqlToken, SqlPosition> UnionAll =
        from refused in Refuse(
            t => IsWord(t, "INTERSECT") || IsWord(t, "EXCEPT"),
            "Only UNION ALL is supported: INTERSECT and EXCEPT are not")
        from union in Keyword("UNION")
        from all in Keyword("ALL").Optional()
        select all.HasValue
            ? PositionOf(union)
            : throw SqlPlanningException.Syntax(
                "Only UNION ALL is supported: UNION without ALL (removing duplicates) is not", PositionOf(union));

    static readonly TokenListParser<SqlToken, SqlSetExpr> SetExpr =
        Parse.Chain(UnionAll, SetOperand, SqlSetExpr (position, left, right) => new SqlUnionAll(left, right, position));

    static readonly TokenListParser<SqlToken, SqlOrderItem> OrderItem =
        from start in Here
        from expr in Expr
        from desc in Keyword("ASC").Value(false).Or(Keyword("DESC").Value(true)).OptionalOrDefault(false)
        from nulls in Keyword("NULLS")
            .IgnoreThen(Keyword("FIRST").Value(true).Or(Keyword("LAST").Value(false)))
            .Optional()
        select new SqlOrderItem(expr, desc, nulls, start);

    static readonly TokenListParser<SqlToken, SqlOrderItem[]> OrderBy =
        (from keyword in Keyword("ORDER")
         from byKeyword in Keyword("BY")
         from items in OrderItem.AtLeastOnceDelimitedBy(Comma)
         select items).OptionalOrDefault([]);

    static readonly TokenListParser<SqlToken, Unit> RowOrRows = Keyword("ROWS").Or(Keyword("ROW")).Value(Unit.Value);

    /// <summary><c>FETCH FIRST|NEXT n ROW|ROWS ONLY</c>: the count.</summary>
    static readonly TokenListParser<SqlToken, SqlExpr> Fetch =
        from keyword in Keyword("FETCH")
        from which in Keyword("FIRST").Or(Keyword("NEXT"))
        from count in Expr
        from rows in RowOrRows
        from only in Keyword("ONLY")
        select count;

    static readonly TokenListParser<SqlToken, Paging> PagingClause =
        (from keyword in Keyword("LIMIT")
         from count in Expr
         from noComma in Refuse(
             t => t.Kind == SqlToken.Comma,
             "LIMIT start, count is not supported: write LIMIT count OFFSET start")
         from offset in Keyword("OFFSET").IgnoreThen(Expr).OrNull()
         select new Paging(count, offset))
        .Or(from keyword in Keyword("OFFSET")
            from offset in Expr
            from rows in RowOrRows.Optional()
            from count in Fetch.OrNull()
            select new Paging(count, offset))
        .Or(Fetch.Select(count => new Paging(count, null)))
        .OptionalOrDefault(default);

    static readonly TokenListParser<SqlToken, SqlWith[]> With =
        from keyword in Keyword("WITH")
        from tables in
            (from name in Identifier
             from columns in
                 (from open in LeftParen
                  from names in Identifier.AtLeastOnceDelimitedBy(Comma)
                  from close in RightParen
                  select names.Select(column => column.Text).ToArray()).OrNull()
             from asKeyword in Keyword("AS")
             from queryOpen in LeftParen
             from query in Query
             from queryClose in RightParen
             select new SqlWith(name.Text, columns, query, name.Position)).AtLeastOnceDelimitedBy(Comma)
        select tables;

    static readonly TokenListParser<SqlToken, SqlQuery> QueryBody =
        from start in Here
        from common in With.OptionalOrDefault([])
        from body in SetExpr
        from order in OrderBy
        from paging in PagingClause
        select new SqlQuery(common, body, order, paging.Limit, paging.Offset, start);

    /// <summary>A whole statement: <c>[EXPLAIN PLAN FOR] query [;]</c> and nothing after.</summary>
    public static TokenListParser<SqlToken, (bool Explain, SqlQuery Query)> Statement { get; } =
        from explain in (from keyword in Keyword("EXPLAIN")
                         from plan in Keyword("PLAN")
                         from forKeyword in Keyword("FOR")
                         select true).OptionalOrDefault(false)
        from query in Query
        from semicolon in Token(SqlToken.Semicolon, "\";\"").Optional()
        from end in End
        select (explain, query);

    /// <summary>The <c>LIMIT</c> (or fetch count) and <c>OFFSET</c> of a query.</summary>
    readonly record struct Paging(SqlExpr? Limit, SqlExpr? Offset);

    static bool IsJoinWord(Token<SqlToken> token) => JoinWords.Any(word => IsWord(token, word));
}
