using System.Globalization;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

internal sealed partial class SqlBinder
{
    /// <summary>
    /// Binds <paramref name="expr"/> over <paramref name="scope"/>; <paramref name="intercept"/>, when given, is asked
    /// first at every node and may bind it itself (grouping keys and aggregate calls do).
    /// </summary>
    private BoundExpr BindExpr(SqlExpr expr, SqlScope scope, Func<SqlExpr, BoundExpr?>? intercept)
    {
        if (intercept?.Invoke(expr) is { } intercepted)
        {
            return intercepted;
        }

        BoundExpr Bind(SqlExpr e) => BindExpr(e, scope, intercept);
        var bound = expr switch
        {
            SqlNullLiteral => new LiteralExpr(null, SqlColumnType.Varchar),
            SqlBooleanLiteral b => new LiteralExpr(b.Value, SqlColumnType.Boolean),
            SqlNumberLiteral n => Number(n),
            SqlStringLiteral s => new LiteralExpr(s.Value, SqlColumnType.Varchar),
            SqlTypedLiteral t => TypedLiteral(t),
            SqlParameter p => parameters[p.Index],
            SqlIdentifier id => scope.Resolve(id),
            SqlUnary { Operator: SqlUnaryOperator.Not } not => new NotExpr(Condition(Bind(not.Operand), "NOT", not.Operand.Position)),
            SqlUnary negate => Negate(Bind(negate.Operand), negate.Position),
            SqlBinary binary => Binary(binary, Bind),
            SqlFunctionCall call when IsAggregate(call.Name) =>
                throw SqlPlanningException.Validation($"Aggregate {call.Name} is not allowed here (only in the select list, HAVING and ORDER BY of a grouped query).", call.Position),
            SqlFunctionCall call => Call(call, Bind),
            SqlCase c => Case(c, Bind),
            SqlCast c => new CastExpr(Bind(c.Operand), c.Type, context.TimeZone),
            SqlIn i => In(i, Bind),
            SqlInQuery i => InQuery(i, Bind(i.Operand)),
            SqlBetween b => Between(b, Bind),
            SqlLike l => Like(l, Bind),
            SqlIsNull n => new IsNullExpr(Bind(n.Operand), n.Negated),
            SqlIsBoolean b => new IsBooleanExpr(Condition(Bind(b.Operand), "IS TRUE/FALSE", b.Position), b.Value, b.Negated),
            SqlScalarSubquery s => ScalarSubquery(s),
            SqlStar star => throw SqlPlanningException.Validation("* is allowed only in the select list and COUNT(*).", star.Position),
            SqlIntervalLiteral i => throw SqlPlanningException.Validation("An INTERVAL may only be added to or subtracted from a timestamp.", i.Position),
            SqlTimeUnitArg u => throw SqlPlanningException.Validation($"Time unit {u.Unit} is allowed only as a function argument.", u.Position),
            _ => throw SqlPlanningException.Validation($"Unsupported expression {expr.GetType().Name}.", expr.Position),
        };
        return Fold(bound, expr.Position);
    }

    /// <summary>Evaluates an expression over constants once, at planning time.</summary>
    private static BoundExpr Fold(BoundExpr bound, SqlPosition position)
    {
        if (bound is LiteralExpr or UnitExpr or SubqueryValueExpr || !bound.IsConstant)
        {
            return bound;
        }

        try
        {
            return new LiteralExpr(bound.Eval([]), bound.Type);
        }
        catch (Exception e) when (e is not SqlPlanningException)
        {
            throw SqlPlanningException.Validation($"Cannot evaluate {bound}: {e.Message}", position);
        }
    }

    private static LiteralExpr Number(SqlNumberLiteral n) =>
        n.IsExact && long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? new LiteralExpr(l, SqlColumnType.Bigint)
            : new LiteralExpr(double.Parse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture), SqlColumnType.Double);

    private LiteralExpr TypedLiteral(SqlTypedLiteral literal)
    {
        var millis = SqlValues.ParseTimestamp(literal.Text, context.TimeZone) as long?
                     ?? throw SqlPlanningException.Validation($"Illegal {literal.Type.ToString().ToUpperInvariant()} literal '{literal.Text}'.", literal.Position);
        return literal.Type == SqlTypeName.Date
            ? new LiteralExpr(SqlValues.Cast(millis, SqlColumnType.Timestamp, SqlTypeName.Date, context.TimeZone), SqlColumnType.Date)
            : new LiteralExpr(millis, SqlColumnType.Timestamp);
    }

    private static BoundExpr Negate(BoundExpr operand, SqlPosition position) =>
        new ArithmeticExpr(SqlBinaryOperator.Subtract, new LiteralExpr(0L, SqlColumnType.Bigint), operand,
            SqlValues.ArithmeticType(SqlBinaryOperator.Subtract, SqlColumnType.Bigint, operand.Type, position));

    private BoundExpr Binary(SqlBinary binary, Func<SqlExpr, BoundExpr> bind)
    {
        switch (binary.Operator)
        {
            case SqlBinaryOperator.And or SqlBinaryOperator.Or:
                var isAnd = binary.Operator == SqlBinaryOperator.And;
                var operands = new List<BoundExpr>();
                foreach (var side in new[] { binary.Left, binary.Right })
                {
                    var bound = Condition(bind(side), isAnd ? "AND" : "OR", side.Position);
                    operands.AddRange(bound is LogicalExpr l && l.IsAnd == isAnd ? l.Operands : [bound]);
                }

                return new LogicalExpr(isAnd, [.. operands]);
            case SqlBinaryOperator.Add or SqlBinaryOperator.Subtract when binary.Right is SqlIntervalLiteral interval:
                return AddInterval(bind(binary.Left), interval, binary.Operator == SqlBinaryOperator.Subtract, binary.Position);
            case SqlBinaryOperator.Add when binary.Left is SqlIntervalLiteral interval:
                return AddInterval(bind(binary.Right), interval, false, binary.Position);
        }

        var left = bind(binary.Left);
        var right = bind(binary.Right);
        switch (binary.Operator)
        {
            case SqlBinaryOperator.Concat:
                return new ArithmeticExpr(SqlBinaryOperator.Concat, left, right, SqlColumnType.Varchar);
            case SqlBinaryOperator.Add or SqlBinaryOperator.Subtract or SqlBinaryOperator.Multiply or SqlBinaryOperator.Divide or SqlBinaryOperator.Modulo:
                return new ArithmeticExpr(binary.Operator, left, right, SqlValues.ArithmeticType(binary.Operator, left.Type, right.Type, binary.Position));
            default:
                (left, right) = (AsTimeWhenCompared(left, right, binary.Position), AsTimeWhenCompared(right, left, binary.Position));
                SqlValues.CheckComparable(left.Type, right.Type, binary.Position);
                return binary.Operator == SqlBinaryOperator.NotEqual
                    ? new NotExpr(new CompareExpr(SqlBinaryOperator.Equal, left, right))
                    : new CompareExpr(binary.Operator, left, right);
        }
    }

    /// <summary>A text constant compared with a timestamp is read as a timestamp, once.</summary>
    private BoundExpr AsTimeWhenCompared(BoundExpr value, BoundExpr other, SqlPosition position) =>
        other.Type is SqlColumnType.Timestamp or SqlColumnType.Date && value is LiteralExpr { Value: string text }
            ? new LiteralExpr(SqlValues.ParseTimestamp(text, context.TimeZone) ?? throw SqlPlanningException.Validation($"'{text}' is not a timestamp.", position), other.Type)
            : value;

    private BoundExpr AddInterval(BoundExpr time, SqlIntervalLiteral interval, bool subtract, SqlPosition position)
    {
        if (!long.TryParse(interval.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            throw SqlPlanningException.Validation($"Interval '{interval.Text}' must be a whole number of {interval.Unit}.", interval.Position);
        }

        var unit = new SqlOperand(SqlColumnType.Varchar, true, null, interval.Position, interval.Unit);
        var count = new LiteralExpr(subtract ? -amount : amount, SqlColumnType.Bigint);
        var args = new[] { unit, Operand(count), Operand(time) };
        var binding = SqlScalarFunctions.Bind("TIMESTAMPADD", args, context, position);
        return new CallExpr("TIMESTAMPADD", [new UnitExpr(interval.Unit), count, time], binding);
    }

    private static SqlOperand Operand(BoundExpr expr) =>
        new(expr.Type, expr.IsConstant, expr.IsConstant ? expr.Eval([]) : null, default);

    private BoundExpr Call(SqlFunctionCall call, Func<SqlExpr, BoundExpr> bind)
    {
        if (call.Distinct || call.Star || call.Filter is not null)
        {
            throw SqlPlanningException.Validation($"{call.Name} is not an aggregate; DISTINCT, * and FILTER apply only to aggregates.", call.Position);
        }

        if (!SqlScalarFunctions.Exists(call.Name))
        {
            throw SqlPlanningException.Validation($"No match found for function signature {call.Name}(<{call.Args.Count} arguments>)", call.Position);
        }

        var args = new BoundExpr[call.Args.Count];
        var operands = new SqlOperand[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            if (call.Args[i] is SqlTimeUnitArg unit)
            {
                args[i] = new UnitExpr(unit.Unit);
                operands[i] = new SqlOperand(SqlColumnType.Varchar, true, null, unit.Position, unit.Unit);
                continue;
            }

            args[i] = bind(call.Args[i]);
            operands[i] = Operand(args[i]) with { Position = call.Args[i].Position };
        }

        return new CallExpr(call.Name, args, SqlScalarFunctions.Bind(call.Name, operands, context, call.Position));
    }

    private static BoundExpr Case(SqlCase c, Func<SqlExpr, BoundExpr> bind)
    {
        var operand = c.Operand is { } o ? bind(o) : null;
        var whens = new List<(BoundExpr When, BoundExpr Then)>();
        foreach (var when in c.Whens)
        {
            var condition = operand is null
                ? Condition(bind(when.When), "WHEN", when.When.Position)
                : new CompareExpr(SqlBinaryOperator.Equal, operand, bind(when.When));
            whens.Add((condition, bind(when.Then)));
        }

        var otherwise = c.Else is { } e ? bind(e) : null;
        var type = CommonType(whens.Select(w => w.Then).Concat(otherwise is null ? [] : [otherwise]), c.Position, "CASE branches");
        return new CaseExpr([.. whens], otherwise, type);
    }

    /// <summary>The type values of several expressions share; a NULL literal takes the others' type.</summary>
    private static SqlColumnType CommonType(IEnumerable<BoundExpr> exprs, SqlPosition position, string what)
    {
        SqlColumnType? type = null;
        foreach (var expr in exprs.Where(e => e is not LiteralExpr { Value: null }))
        {
            type = type is { } t ? SqlValues.CommonType(t, expr.Type, position, what) : expr.Type;
        }

        return type ?? SqlColumnType.Varchar;
    }

    private BoundExpr In(SqlIn i, Func<SqlExpr, BoundExpr> bind)
    {
        var operand = bind(i.Operand);
        var values = i.Values.Select(v => AsTimeWhenCompared(bind(v), operand, v.Position)).ToList();
        foreach (var value in values)
        {
            SqlValues.CheckComparable(operand.Type, value.Type, i.Position);
        }

        if (values.All(v => v.IsConstant))
        {
            IReadOnlyList<object?> constants = [.. values.Select(v => v.Eval([]))];
            return new InExpr(operand, () => constants, () => true, CommonType(values, i.Position, "IN list"), i.Negated,
                "(" + string.Join(", ", values.Select(v => v.ToString())) + ")");
        }

        BoundExpr any = new LogicalExpr(false, [.. values.Select(v => (BoundExpr)new CompareExpr(SqlBinaryOperator.Equal, operand, v))]);
        return i.Negated ? new NotExpr(any) : any;
    }

    private InExpr InQuery(SqlInQuery i, BoundExpr operand)
    {
        var result = Subquery(i.Query, i.Position);
        if (result.Plan.Columns.Count != 1)
        {
            throw SqlPlanningException.Validation($"The subquery of IN must return one column; it returns {result.Plan.Columns.Count}.", i.Position);
        }

        SqlValues.CheckComparable(operand.Type, result.Plan.Columns[0].Type, i.Position);
        return new InExpr(operand, result.Column, () => result.HasRun, result.Plan.Columns[0].Type, i.Negated, $"$subquery{result.Id}");
    }

    private SubqueryValueExpr ScalarSubquery(SqlScalarSubquery s)
    {
        var result = Subquery(s.Query, s.Position);
        return result.Plan.Columns.Count == 1
            ? new SubqueryValueExpr(result, result.Plan.Columns[0].Type)
            : throw SqlPlanningException.Validation($"A scalar subquery must return one column; it returns {result.Plan.Columns.Count}.", s.Position);
    }

    private SubqueryResult Subquery(SqlQuery query, SqlPosition position)
    {
        var plan = BindQuery(query, _ctes);
        var result = new SubqueryResult(_subqueries.Count, plan, position);
        _subqueries.Add(result);
        return result;
    }

    private BoundExpr Between(SqlBetween b, Func<SqlExpr, BoundExpr> bind)
    {
        var operand = bind(b.Operand);
        var low = AsTimeWhenCompared(bind(b.Low), operand, b.Low.Position);
        var high = AsTimeWhenCompared(bind(b.High), operand, b.High.Position);
        SqlValues.CheckComparable(operand.Type, low.Type, b.Position);
        SqlValues.CheckComparable(operand.Type, high.Type, b.Position);
        BoundExpr within = new LogicalExpr(true, [new CompareExpr(SqlBinaryOperator.GreaterOrEqual, operand, low), new CompareExpr(SqlBinaryOperator.LessOrEqual, operand, high)]);
        return b.Negated ? new NotExpr(within) : within;
    }

    private static LikeExpr Like(SqlLike like, Func<SqlExpr, BoundExpr> bind)
    {
        var operand = bind(like.Operand);
        if (bind(like.Pattern) is not LiteralExpr { Value: string pattern })
        {
            throw SqlPlanningException.Validation("The pattern of LIKE must be a constant text (a literal, a parameter, or an expression over them).", like.Pattern.Position);
        }

        char? escape = null;
        if (like.Escape is { } e)
        {
            escape = bind(e) is LiteralExpr { Value: string { Length: 1 } c }
                ? c[0]
                : throw SqlPlanningException.Validation("The ESCAPE of LIKE must be a single character.", e.Position);
        }

        return new LikeExpr(operand, pattern, escape, SqlValues.Like(pattern, escape, like.Pattern.Position), like.Negated);
    }
}
