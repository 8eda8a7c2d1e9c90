using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>The names of the tables a statement reads, at any depth (so their columns can be read before binding).</summary>
internal static class SqlTables
{
    public static IEnumerable<string> Of(SqlQuery query) =>
        query.With.SelectMany(w => Of(w.Query))
            .Concat(Of(query.Body))
            .Concat(query.OrderBy.SelectMany(o => Of(o.Expr)));

    private static IEnumerable<string> Of(SqlSetExpr set) => set switch
    {
        SqlSelect select => Of(select.From)
            .Concat(select.Items.SelectMany(i => Of(i.Expr)))
            .Concat(select.Where is { } w ? Of(w) : [])
            .Concat(select.Having is { } h ? Of(h) : []),
        SqlUnionAll union => Of(union.Left).Concat(Of(union.Right)),
        SqlNestedQuery nested => Of(nested.Query),
        _ => [],
    };

    private static IEnumerable<string> Of(SqlFrom? from) => from switch
    {
        SqlTableRef { Schema: null or "druid" } table => [table.Name],
        SqlSubqueryRef subquery => Of(subquery.Query),
        _ => [],
    };

    private static IEnumerable<string> Of(SqlExpr expr) => expr switch
    {
        SqlInQuery i => Of(i.Query).Concat(Of(i.Operand)),
        SqlScalarSubquery s => Of(s.Query),
        SqlUnary u => Of(u.Operand),
        SqlBinary b => Of(b.Left).Concat(Of(b.Right)),
        SqlFunctionCall f => f.Args.SelectMany(Of).Concat(f.Filter is { } filter ? Of(filter) : []),
        SqlCase c => c.Whens.SelectMany(w => Of(w.When).Concat(Of(w.Then))).Concat(c.Else is { } e ? Of(e) : []),
        SqlCast c => Of(c.Operand),
        SqlIn i => Of(i.Operand).Concat(i.Values.SelectMany(Of)),
        SqlBetween b => Of(b.Operand).Concat(Of(b.Low)).Concat(Of(b.High)),
        SqlLike l => Of(l.Operand),
        SqlIsNull n => Of(n.Operand),
        SqlIsBoolean b => Of(b.Operand),
        _ => [],
    };
}
