using System.Globalization;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>
/// Turns a parsed statement into a relational plan of typed expressions: names are resolved against the catalog,
/// types checked, parameters bound, aggregates and grouping sets collected. Errors name what was wrong and where.
/// </summary>
internal sealed partial class SqlBinder(SqlCatalog catalog, SqlEvalContext context, IReadOnlyList<LiteralExpr> parameters, bool approximateCountDistinct)
{
    private static readonly HashSet<string> AggregateNames =
        ["COUNT", "SUM", "MIN", "MAX", "AVG", "APPROX_COUNT_DISTINCT", "EARLIEST", "LATEST", "ANY_VALUE"];

    private readonly List<SubqueryResult> _subqueries = [];
    private readonly HashSet<string> _dataSources = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, SqlWith> _ctes = new Dictionary<string, SqlWith>(StringComparer.Ordinal);

    /// <summary>The uncorrelated subqueries, in the order they must run (inner ones first).</summary>
    public IReadOnlyList<SubqueryResult> Subqueries => _subqueries;

    /// <summary>The data sources the statement reads.</summary>
    public IReadOnlyCollection<string> DataSources => _dataSources;

    /// <summary>Binds a whole query.</summary>
    public Rel Bind(SqlQuery query) => BindQuery(query, new Dictionary<string, SqlWith>(StringComparer.Ordinal));

    /// <summary>Whether <paramref name="name"/> is an aggregate function.</summary>
    public static bool IsAggregate(string name) => AggregateNames.Contains(name);

    private Rel BindQuery(SqlQuery query, IReadOnlyDictionary<string, SqlWith> outer)
    {
        var ctes = new Dictionary<string, SqlWith>(outer, StringComparer.Ordinal);
        foreach (var with in query.With)
        {
            ctes[with.Name] = with;
        }

        var enclosing = _ctes;
        _ctes = ctes;
        try
        {
            return BindBody(query, ctes);
        }
        finally
        {
            _ctes = enclosing;
        }
    }

    private Rel BindBody(SqlQuery query, Dictionary<string, SqlWith> ctes)
    {
        var limit = Count(query.Limit, "LIMIT");
        var offset = Count(query.Offset, "OFFSET") ?? 0;
        if (query.Body is SqlSelect select)
        {
            return BindSelect(select, query.OrderBy, limit, offset, ctes);
        }

        var body = BindSet(query.Body, ctes);
        if (query.OrderBy.Count == 0 && limit is null && offset == 0)
        {
            return body;
        }

        var keys = query.OrderBy.Select(o => new SortKey(OutputColumn(o.Expr, body.Columns), o.Descending, o.NullsFirst ?? !o.Descending)).ToList();
        return new SortRel(body, keys, limit, offset);
    }

    private Rel BindSet(SqlSetExpr set, IReadOnlyDictionary<string, SqlWith> ctes) => set switch
    {
        SqlSelect select => BindSelect(select, [], null, 0, ctes),
        SqlNestedQuery nested => BindQuery(nested.Query, ctes),
        SqlUnionAll union => Union(BindSet(union.Left, ctes), BindSet(union.Right, ctes), union.Position),
        _ => throw SqlPlanningException.Validation($"Unsupported query form {set.GetType().Name}.", set.Position),
    };

    private static Rel Union(Rel left, Rel right, SqlPosition position)
    {
        if (left.Columns.Count != right.Columns.Count)
        {
            throw SqlPlanningException.Validation(
                $"Column count mismatch in UNION ALL: the left side has {left.Columns.Count} columns, the right side {right.Columns.Count}.", position);
        }

        var columns = left.Columns.Select((c, i) => new SqlColumn(c.Name, SqlValues.CommonType(c.Type, right.Columns[i].Type, position, $"UNION ALL column '{c.Name}'"))).ToList();
        var branches = new List<Rel>();
        foreach (var branch in new[] { left, right })
        {
            var inputs = branch is UnionRel u ? u.Branches : [branch];
            branches.AddRange(inputs.Select(b => Coerced(b, columns)));
        }

        return new UnionRel(branches, columns);
    }

    private static Rel Coerced(Rel rel, IReadOnlyList<SqlColumn> columns)
    {
        if (rel.Columns.Select(c => c.Type).SequenceEqual(columns.Select(c => c.Type)))
        {
            return rel;
        }

        var exprs = rel.Columns.Select((c, i) => (BoundExpr)new CoerceExpr(new ColumnExpr(i, c), columns[i].Type)).ToList();
        return new ProjectRel(rel, exprs, columns);
    }

    private long? Count(SqlExpr? expr, string clause)
    {
        if (expr is null)
        {
            return null;
        }

        var bound = BindExpr(expr, new SqlScope([], null), null);
        if (!bound.IsConstant || bound.Eval([]) is not long value || value < 0)
        {
            throw SqlPlanningException.Validation($"{clause} must be a non-negative whole number.", expr.Position);
        }

        return value;
    }

    private int OutputColumn(SqlExpr expr, IReadOnlyList<SqlColumn> columns)
    {
        if (expr is SqlNumberLiteral { IsExact: true } ordinal)
        {
            var n = int.Parse(ordinal.Text, CultureInfo.InvariantCulture);
            return n >= 1 && n <= columns.Count
                ? n - 1
                : throw SqlPlanningException.Validation($"Ordinal {n} is out of range: the select list has {columns.Count} columns.", expr.Position);
        }

        if (expr is SqlIdentifier { Parts.Count: 1 } id)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Name == id.Name)
                {
                    return i;
                }
            }
        }

        throw SqlPlanningException.Validation($"ORDER BY expression {SqlText.Of(expr)} must name a column of the result.", expr.Position);
    }

    private (Rel Rel, string? Qualifier) BindFrom(SqlFrom? from, IReadOnlyDictionary<string, SqlWith> ctes)
    {
        switch (from)
        {
            case null:
                return (new ValuesRel("VALUES", [], _ => Task.FromResult<IReadOnlyList<object?[]>>([[]])), null);
            case SqlSubqueryRef subquery:
                return (BindQuery(subquery.Query, ctes), subquery.Alias);
            case SqlTableRef { Schema: null } table when ctes.TryGetValue(table.Name, out var with):
                var rest = ctes.Where(c => c.Key != table.Name).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
                var rel = BindQuery(with.Query, rest);
                if (with.Columns is { } names)
                {
                    if (names.Count != rel.Columns.Count)
                    {
                        throw SqlPlanningException.Validation($"WITH table '{with.Name}' names {names.Count} columns but its query has {rel.Columns.Count}.", with.Position);
                    }

                    rel = new ProjectRel(rel, [.. rel.Columns.Select((c, i) => (BoundExpr)new ColumnExpr(i, c))], [.. rel.Columns.Select((c, i) => c with { Name = names[i] })]);
                }

                return (rel, table.Alias ?? table.Name);
            case SqlTableRef table:
                return (BindTable(table), table.Alias ?? table.Name);
            default:
                throw SqlPlanningException.Validation($"Unsupported FROM item {from.GetType().Name}.", from.Position);
        }
    }

    private Rel BindTable(SqlTableRef table)
    {
        var schema = table.Schema ?? SqlCatalog.DruidSchema;
        if (string.Equals(schema, SqlCatalog.InformationSchema, StringComparison.OrdinalIgnoreCase) && InformationSchemaTables.ColumnsOf(table.Name) is { } columns)
        {
            return new ValuesRel($"INFORMATION_SCHEMA.{table.Name.ToUpperInvariant()}", columns, token => InformationSchemaTables.RowsAsync(table.Name, catalog, token));
        }

        if (catalog.FindSystemTable(schema, table.Name) is { } system)
        {
            return new ValuesRel($"{system.Schema}.{system.Name}", system.Columns, token => catalog.ReadAsync(system, token));
        }

        if (schema == SqlCatalog.DruidSchema && catalog.Find(table.Name) is { } druid)
        {
            _dataSources.Add(druid.Name);
            return new TableRel(druid);
        }

        throw SqlPlanningException.Validation($"Object '{table.Name}' not found within '{schema}'", table.Position);
    }

    private Rel BindSelect(SqlSelect select, IReadOnlyList<SqlOrderItem> orderBy, long? limit, long offset, IReadOnlyDictionary<string, SqlWith> ctes)
    {
        var (input, qualifier) = BindFrom(select.From, ctes);
        var scope = new SqlScope(input.Columns, qualifier);
        if (select.Where is { } where)
        {
            input = new FilterRel(input, Condition(BindExpr(where, scope, null), "WHERE", where.Position));
        }

        var items = ExpandItems(select.Items, scope);
        var aggregated = select.GroupBy is not null || select.Having is not null ||
                         items.Any(i => ContainsAggregate(i.Expr)) || orderBy.Any(o => ContainsAggregate(o.Expr));
        var grouping = aggregated ? new Grouping(this, input, scope, items, select.GroupBy ?? []) : null;
        BoundExpr Bind(SqlExpr e) => grouping is null ? BindExpr(e, scope, null) : grouping.Bind(e);
        var having = select.Having is { } h ? Condition(Bind(h), "HAVING", h.Position) : null;
        var exprs = items.Select(i => Bind(i.Expr)).ToList();
        var columns = items.Select((item, i) => new SqlColumn(item.Name, exprs[i].Type)).ToList();
        var visible = columns.Count;
        var keys = new List<SortKey>();
        foreach (var order in orderBy)
        {
            var column = OrderColumn(order.Expr, items, columns, exprs, Bind, select.Distinct);
            keys.Add(new SortKey(column, order.Descending, order.NullsFirst ?? !order.Descending));
        }

        if (grouping is not null)
        {
            input = grouping.Complete();
            if (having is not null)
            {
                input = new FilterRel(input, having);
            }
        }

        Rel rel = new ProjectRel(input, exprs, columns);
        if (select.Distinct)
        {
            rel = new AggregateRel(rel, [.. columns.Select((c, i) => (BoundExpr)new ColumnExpr(i, c))], [Enumerable.Range(0, columns.Count).ToArray()], [], columns);
        }

        if (keys.Count > 0 || limit is not null || offset > 0)
        {
            rel = new SortRel(rel, keys, limit, offset);
        }

        return columns.Count == visible ? rel : new ProjectRel(rel, [.. columns.Take(visible).Select((c, i) => (BoundExpr)new ColumnExpr(i, c))], columns[..visible]);
    }

    private static int OrderColumn(SqlExpr expr, List<SelectItem> items, List<SqlColumn> columns, List<BoundExpr> exprs, Func<SqlExpr, BoundExpr> bind, bool distinct)
    {
        if (expr is SqlNumberLiteral { IsExact: true } ordinal)
        {
            var n = int.Parse(ordinal.Text, CultureInfo.InvariantCulture);
            return n >= 1 && n <= items.Count
                ? n - 1
                : throw SqlPlanningException.Validation($"Ordinal {n} is out of range: the select list has {items.Count} columns.", expr.Position);
        }

        var text = SqlText.Of(expr);
        for (var i = 0; i < items.Count; i++)
        {
            if ((expr is SqlIdentifier { Parts.Count: 1 } id && items[i].Alias == id.Name) || SqlText.Of(items[i].Expr) == text)
            {
                return i;
            }
        }

        if (distinct)
        {
            throw SqlPlanningException.Validation($"Expression {text} is not in the select list; with SELECT DISTINCT, ORDER BY may use only selected columns.", expr.Position);
        }

        var bound = bind(expr);
        exprs.Add(bound);
        columns.Add(new SqlColumn($"$order{columns.Count}", bound.Type));
        items.Add(new SelectItem(expr, null, columns[^1].Name));
        return columns.Count - 1;
    }

    private static List<SelectItem> ExpandItems(IReadOnlyList<SqlSelectItem> items, SqlScope scope)
    {
        var result = new List<SelectItem>();
        foreach (var item in items)
        {
            if (item.Expr is SqlStar star)
            {
                if (star.Qualifier is { } q && q != scope.Qualifier)
                {
                    throw SqlPlanningException.Validation($"Table '{q}' not found", star.Position);
                }

                if (scope.Columns.Count == 0)
                {
                    throw SqlPlanningException.Validation("SELECT * needs a FROM clause.", star.Position);
                }

                result.AddRange(scope.Columns.Select(c => new SelectItem(new SqlIdentifier([c.Name], star.Position), null, c.Name)));
                continue;
            }

            var name = item.Alias ?? (item.Expr is SqlIdentifier id ? id.Name : $"EXPR${result.Count}");
            result.Add(new SelectItem(item.Expr, item.Alias, name));
        }

        return result;
    }

    private static BoundExpr Condition(BoundExpr expr, string clause, SqlPosition position) =>
        expr.Type is SqlColumnType.Boolean || expr is LiteralExpr { Value: null }
            ? expr
            : throw SqlPlanningException.Validation($"{clause} must be a condition (BOOLEAN); found {expr.Type.SqlName()}.", position);

    private static bool ContainsAggregate(SqlExpr expr) => expr switch
    {
        SqlFunctionCall f when IsAggregate(f.Name) => true,
        SqlFunctionCall f => f.Args.Any(ContainsAggregate),
        SqlUnary u => ContainsAggregate(u.Operand),
        SqlBinary b => ContainsAggregate(b.Left) || ContainsAggregate(b.Right),
        SqlCase c => (c.Operand is { } o && ContainsAggregate(o)) || c.Whens.Any(w => ContainsAggregate(w.When) || ContainsAggregate(w.Then)) || (c.Else is { } e && ContainsAggregate(e)),
        SqlCast c => ContainsAggregate(c.Operand),
        SqlIn i => ContainsAggregate(i.Operand) || i.Values.Any(ContainsAggregate),
        SqlBetween b => ContainsAggregate(b.Operand) || ContainsAggregate(b.Low) || ContainsAggregate(b.High),
        SqlLike l => ContainsAggregate(l.Operand),
        SqlIsNull n => ContainsAggregate(n.Operand),
        SqlIsBoolean b => ContainsAggregate(b.Operand),
        _ => false,
    };

    /// <summary>A select-list item after <c>*</c> is expanded: its expression, alias and output name.</summary>
    private sealed record SelectItem(SqlExpr Expr, string? Alias, string Name);
}
