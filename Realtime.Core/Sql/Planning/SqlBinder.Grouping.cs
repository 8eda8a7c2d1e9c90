using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

internal sealed partial class SqlBinder
{
    /// <summary>
    /// The grouping of one select: its keys and grouping sets, the aggregate calls of its select list, <c>HAVING</c>
    /// and <c>ORDER BY</c>, and how expressions over the groups bind to the aggregate's output columns.
    /// </summary>
    private sealed class Grouping
    {
        private readonly SqlBinder _binder;
        private readonly SqlScope _scope;
        private readonly List<string> _keyTexts = [];
        private readonly List<BoundExpr> _keys = [];
        private readonly List<string> _aggregateTexts = [];
        private readonly List<AggregateCall> _aggregates = [];
        private readonly IReadOnlyList<IReadOnlyList<int>> _sets;
        private readonly List<SqlExpr> _keySyntax = [];

        public Grouping(SqlBinder binder, Rel input, SqlScope scope, IReadOnlyList<SelectItem> items, IReadOnlyList<SqlGroupingElement> elements)
        {
            _binder = binder;
            _scope = scope;
            Input = input;
            IReadOnlyList<IReadOnlyList<int>> sets = [[]];
            foreach (var element in elements)
            {
                sets = element switch
                {
                    SqlGroupingExpr plain => Cross(sets, [[Key(plain.Expr, items)]]),
                    SqlRollup rollup => Cross(sets, Rollup([.. rollup.Exprs.Select(e => Key(e, items))])),
                    SqlCube cube => Cross(sets, Cube([.. cube.Exprs.Select(e => Key(e, items))])),
                    SqlGroupingSets groupingSets => Cross(sets, [.. groupingSets.Sets.Select(set => (IReadOnlyList<int>)[.. set.Select(e => Key(e, items)).Distinct()])]),
                    _ => throw SqlPlanningException.Validation($"Unsupported GROUP BY element {element.GetType().Name}.", element.Position),
                };
            }

            _sets = sets;
        }

        public Rel Input { get; }

        /// <summary>Binds an expression over the groups: keys and aggregate calls become columns of the aggregate.</summary>
        public BoundExpr Bind(SqlExpr expr) => _binder.BindExpr(expr, _scope, Intercept);

        private BoundExpr? Intercept(SqlExpr expr)
        {
            var text = SqlText.Of(expr);
            var key = _keyTexts.IndexOf(text);
            if (key >= 0)
            {
                return KeyRef(key);
            }

            if (expr is SqlFunctionCall call && IsAggregate(call.Name))
            {
                var index = _aggregateTexts.IndexOf(text);
                if (index < 0)
                {
                    _aggregates.Add(_binder.BindAggregate(call, _scope));
                    _aggregateTexts.Add(text);
                    index = _aggregates.Count - 1;
                }

                return new ColumnExpr(_keys.Count + index, new SqlColumn(text, _aggregates[index].Type));
            }

            if (expr is SqlIdentifier identifier)
            {
                var column = _scope.Resolve(identifier);
                var match = _keys.FindIndex(k => k is ColumnExpr c && c.Index == column.Index);
                return match >= 0
                    ? KeyRef(match)
                    : throw SqlPlanningException.Validation($"Expression '{identifier}' is not being grouped", identifier.Position);
            }

            return null;
        }

        private int Key(SqlExpr expr, IReadOnlyList<SelectItem> items)
        {
            if (expr is SqlNumberLiteral { IsExact: true } ordinal && int.TryParse(ordinal.Text, out var n))
            {
                expr = n >= 1 && n <= items.Count
                    ? items[n - 1].Expr
                    : throw SqlPlanningException.Validation($"Ordinal {n} is out of range: the select list has {items.Count} columns.", ordinal.Position);
            }
            else if (expr is SqlIdentifier { Parts.Count: 1 } alias && _scope.Find(alias) is null && items.FirstOrDefault(i => i.Alias == alias.Name) is { } item)
            {
                expr = item.Expr;
            }

            if (ContainsAggregate(expr))
            {
                throw SqlPlanningException.Validation($"Aggregate expressions cannot be used in GROUP BY: {SqlText.Of(expr)}.", expr.Position);
            }

            var text = SqlText.Of(expr);
            var index = _keyTexts.IndexOf(text);
            if (index >= 0)
            {
                return index;
            }

            _keys.Add(_binder.BindExpr(expr, _scope, null));
            _keyTexts.Add(text);
            _keySyntax.Add(expr);
            return _keys.Count - 1;
        }

        /// <summary>Builds the aggregate node, once every expression over the groups is bound.</summary>
        public AggregateRel Complete()
        {
            var columns = _keys.Select((k, i) => new SqlColumn(_keySyntax[i] is SqlIdentifier id ? id.Name : $"$key{i}", k.Type))
                .Concat(_aggregates.Select((a, i) => new SqlColumn($"$agg{i}", a.Type))).ToList();
            return new AggregateRel(Input, _keys, [.. _sets.Distinct(SetComparer.Instance)], _aggregates, columns);
        }

        private static IReadOnlyList<IReadOnlyList<int>> Cross(IReadOnlyList<IReadOnlyList<int>> left, IReadOnlyList<IReadOnlyList<int>> right) =>
            [.. left.SelectMany(l => right.Select(r => (IReadOnlyList<int>)[.. l.Concat(r).Distinct()]))];

        private static IReadOnlyList<IReadOnlyList<int>> Rollup(IReadOnlyList<int> keys) =>
            [.. Enumerable.Range(0, keys.Count + 1).Reverse().Select(n => (IReadOnlyList<int>)[.. keys.Take(n)])];

        private static IReadOnlyList<IReadOnlyList<int>> Cube(IReadOnlyList<int> keys) =>
            [.. Enumerable.Range(0, 1 << keys.Count).Reverse().Select(mask => (IReadOnlyList<int>)[.. keys.Where((_, i) => (mask & (1 << (keys.Count - 1 - i))) != 0)])];

        /// <summary>A grouping key, as a column of the aggregate's output.</summary>
        private ColumnExpr KeyRef(int index) => new(index, new SqlColumn(_keyTexts[index], _keys[index].Type));

        private sealed class SetComparer : IEqualityComparer<IReadOnlyList<int>>
        {
            public static readonly SetComparer Instance = new();

            public bool Equals(IReadOnlyList<int>? x, IReadOnlyList<int>? y) => x!.Order().SequenceEqual(y!.Order());

            public int GetHashCode(IReadOnlyList<int> obj) => obj.Order().Aggregate(17, (h, v) => (h * 31) + v);
        }
    }

    private AggregateCall BindAggregate(SqlFunctionCall call, SqlScope scope)
    {
        foreach (var argument in call.Args)
        {
            if (ContainsAggregate(argument))
            {
                throw SqlPlanningException.Validation($"Aggregate calls cannot be nested: {SqlText.Of(call)}.", argument.Position);
            }
        }

        var filter = call.Filter is { } f ? Condition(BindExpr(f, scope, null), "FILTER", f.Position) : null;
        var text = SqlText.Of(call);
        if (call.Star)
        {
            return call.Name == "COUNT"
                ? new AggregateCall(AggregateKind.Count, null, filter, null, SqlColumnType.Bigint, text)
                : throw SqlPlanningException.Validation($"{call.Name}(*) is not valid; only COUNT takes *.", call.Position);
        }

        var expected = call.Name is "EARLIEST" or "LATEST" ? 2 : 1;
        if (call.Args.Count < 1 || call.Args.Count > expected)
        {
            throw SqlPlanningException.Validation($"Invalid number of arguments to function '{call.Name}'. Was expecting {expected} arguments.", call.Position);
        }

        var arg = BindExpr(call.Args[0], scope, null);
        var numeric = arg.Type.IsNumeric();
        void RequireNumeric()
        {
            if (!numeric)
            {
                throw SqlPlanningException.Validation($"Cannot apply '{call.Name}' to arguments of type '{call.Name}(<{arg.Type.SqlName()}>)'; it needs a number.", call.Args[0].Position);
            }
        }

        switch (call.Name)
        {
            case "COUNT" when call.Distinct:
                return new AggregateCall(approximateCountDistinct ? AggregateKind.ApproxCountDistinct : AggregateKind.CountDistinct, arg, filter, null, SqlColumnType.Bigint, text);
            case "COUNT":
                return new AggregateCall(AggregateKind.Count, arg, filter, null, SqlColumnType.Bigint, text);
            case "APPROX_COUNT_DISTINCT":
                return new AggregateCall(AggregateKind.ApproxCountDistinct, arg, filter, null, SqlColumnType.Bigint, text);
            case "SUM":
                RequireNumeric();
                return new AggregateCall(AggregateKind.Sum, arg, filter, null, arg.Type is SqlColumnType.Bigint or SqlColumnType.Boolean ? SqlColumnType.Bigint : SqlColumnType.Double, text);
            case "AVG":
                RequireNumeric();
                return new AggregateCall(AggregateKind.Avg, arg, filter, null, SqlColumnType.Double, text);
            case "MIN" or "MAX":
                return arg.Type is SqlColumnType.Other or SqlColumnType.Array
                    ? throw SqlPlanningException.Validation($"Cannot apply '{call.Name}' to a value of type {arg.Type.SqlName()}.", call.Args[0].Position)
                    : new AggregateCall(call.Name == "MIN" ? AggregateKind.Min : AggregateKind.Max, arg, filter, null, arg.Type, text);
            case "ANY_VALUE":
                return new AggregateCall(AggregateKind.AnyValue, arg, filter, null, arg.Type, text);
            default:
                var time = scope.Find(new SqlIdentifier(["__time"], call.Position))
                           ?? throw SqlPlanningException.Validation($"{call.Name} needs a __time column in its input.", call.Position);
                return new AggregateCall(call.Name == "EARLIEST" ? AggregateKind.Earliest : AggregateKind.Latest, arg, filter, time, arg.Type, text);
        }
    }
}
