using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>
/// A validated, typed expression over the columns of a plan node's input row. Evaluation follows SQL's three-valued
/// logic: a condition is true, false or null (unknown), and only true keeps a row.
/// </summary>
internal abstract class BoundExpr(SqlColumnType type)
{
    /// <summary>The type of the value.</summary>
    public SqlColumnType Type { get; } = type;

    /// <summary>Whether the value does not depend on the row (literals, parameters, and calls over them).</summary>
    public virtual bool IsConstant => false;

    /// <summary>The value for one input row.</summary>
    public abstract object? Eval(object?[] row);

    /// <summary>The expression's children, for walks over the tree.</summary>
    public virtual IEnumerable<BoundExpr> Children => [];

    /// <summary>How the expression reads in plans and messages.</summary>
    public abstract override string ToString();

    /// <summary>Whether the expression reads input column <paramref name="index"/>, or any when null.</summary>
    public bool Reads(int? index = null) =>
        this is ColumnExpr c ? index is null || c.Index == index : Children.Any(child => child.Reads(index));

    /// <summary>The input columns the expression reads.</summary>
    public IEnumerable<int> Columns() => this is ColumnExpr c ? [c.Index] : Children.SelectMany(child => child.Columns());
}

/// <summary>An input column.</summary>
internal sealed class ColumnExpr(int index, SqlColumn column) : BoundExpr(column.Type)
{
    public int Index { get; } = index;

    public string Name { get; } = column.Name;

    public override object? Eval(object?[] row) => row[Index];

    public override string ToString() => $"${Index}:{Name}";
}

/// <summary>A constant.</summary>
internal sealed class LiteralExpr(object? value, SqlColumnType type) : BoundExpr(type)
{
    public object? Value { get; } = value;

    public override bool IsConstant => true;

    public override object? Eval(object?[] row) => Value;

    public override string ToString() => Value switch
    {
        null => "NULL",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        long l when Type is SqlColumnType.Timestamp or SqlColumnType.Date => $"TIMESTAMP '{SqlValues.FormatTimestamp(l)}'",
        _ => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>A scalar function call.</summary>
internal sealed class CallExpr(string name, BoundExpr[] args, SqlScalarBinding binding) : BoundExpr(binding.Type)
{
    public string Name { get; } = name;

    public BoundExpr[] Args { get; } = args;

    public override IEnumerable<BoundExpr> Children => Args;

    public override bool IsConstant => Args.All(a => a.IsConstant) && Name is not ("CURRENT_TIMESTAMP" or "CURRENT_DATE" or "RAND");

    public override object? Eval(object?[] row)
    {
        var values = new object?[Args.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Args[i].Eval(row);
        }

        return binding.Invoke(values);
    }

    public override string ToString() => $"{Name}({string.Join(", ", Args.Select(a => a.ToString()))})";
}

/// <summary><c>AND</c> or <c>OR</c> of conditions.</summary>
internal sealed class LogicalExpr(bool and, BoundExpr[] operands) : BoundExpr(SqlColumnType.Boolean)
{
    public bool IsAnd { get; } = and;

    public BoundExpr[] Operands { get; } = operands;

    public override IEnumerable<BoundExpr> Children => Operands;

    public override bool IsConstant => Operands.All(o => o.IsConstant);

    public override object? Eval(object?[] row)
    {
        var unknown = false;
        foreach (var operand in Operands)
        {
            switch (SqlValues.Truth(operand.Eval(row)))
            {
                case null:
                    unknown = true;
                    break;
                case bool value when value != IsAnd:
                    return value;
            }
        }

        return unknown ? null : IsAnd;
    }

    public override string ToString() => "(" + string.Join(IsAnd ? " AND " : " OR ", Operands.Select(o => o.ToString())) + ")";
}

/// <summary><c>NOT</c>.</summary>
internal sealed class NotExpr(BoundExpr operand) : BoundExpr(SqlColumnType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override bool IsConstant => Operand.IsConstant;

    public override object? Eval(object?[] row) => SqlValues.Truth(Operand.Eval(row)) is { } value ? !value : null;

    public override string ToString() => $"NOT {Operand}";
}

/// <summary>A comparison.</summary>
internal sealed class CompareExpr(SqlBinaryOperator op, BoundExpr left, BoundExpr right) : BoundExpr(SqlColumnType.Boolean)
{
    public SqlBinaryOperator Operator { get; } = op;

    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IEnumerable<BoundExpr> Children => [Left, Right];

    public override bool IsConstant => Left.IsConstant && Right.IsConstant;

    public override object? Eval(object?[] row) => SqlValues.Compare(Operator, Left.Type, Left.Eval(row), Right.Type, Right.Eval(row));

    public override string ToString() => $"({Left} {Symbol(Operator)} {Right})";

    public static string Symbol(SqlBinaryOperator op) => op switch
    {
        SqlBinaryOperator.Equal => "=",
        SqlBinaryOperator.NotEqual => "<>",
        SqlBinaryOperator.Less => "<",
        SqlBinaryOperator.LessOrEqual => "<=",
        SqlBinaryOperator.Greater => ">",
        SqlBinaryOperator.GreaterOrEqual => ">=",
        SqlBinaryOperator.Add => "+",
        SqlBinaryOperator.Subtract => "-",
        SqlBinaryOperator.Multiply => "*",
        SqlBinaryOperator.Divide => "/",
        SqlBinaryOperator.Modulo => "%",
        SqlBinaryOperator.Concat => "||",
        SqlBinaryOperator.And => "AND",
        _ => "OR",
    };
}

/// <summary>Arithmetic or <c>||</c>.</summary>
internal sealed class ArithmeticExpr(SqlBinaryOperator op, BoundExpr left, BoundExpr right, SqlColumnType type) : BoundExpr(type)
{
    public SqlBinaryOperator Operator { get; } = op;

    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IEnumerable<BoundExpr> Children => [Left, Right];

    public override bool IsConstant => Left.IsConstant && Right.IsConstant;

    public override object? Eval(object?[] row) => Operator == SqlBinaryOperator.Concat
        ? SqlValues.Concat(Left.Eval(row), Right.Eval(row))
        : SqlValues.Arithmetic(Operator, Type, Left.Eval(row), Right.Eval(row));

    public override string ToString() => $"({Left} {CompareExpr.Symbol(Operator)} {Right})";
}

/// <summary>A searched <c>CASE</c>; a simple one is bound as a searched one.</summary>
internal sealed class CaseExpr((BoundExpr When, BoundExpr Then)[] whens, BoundExpr? otherwise, SqlColumnType type) : BoundExpr(type)
{
    public override IEnumerable<BoundExpr> Children => whens.SelectMany(w => new[] { w.When, w.Then }).Concat(otherwise is null ? [] : [otherwise]);

    public override bool IsConstant => Children.All(c => c.IsConstant);

    public override object? Eval(object?[] row)
    {
        foreach (var (when, then) in whens)
        {
            if (SqlValues.Truth(when.Eval(row)) == true)
            {
                return SqlValues.Coerce(then.Eval(row), then.Type, Type);
            }
        }

        return otherwise is null ? null : SqlValues.Coerce(otherwise.Eval(row), otherwise.Type, Type);
    }

    public override string ToString() =>
        "CASE " + string.Join(" ", whens.Select(w => $"WHEN {w.When} THEN {w.Then}")) + (otherwise is null ? "" : $" ELSE {otherwise}") + " END";
}

/// <summary><c>CAST</c>, or an implicit conversion the binder adds.</summary>
internal sealed class CastExpr(BoundExpr operand, SqlTypeName target, TimeZoneInfo zone) : BoundExpr(SqlValues.TypeOf(target))
{
    public BoundExpr Operand { get; } = operand;

    public SqlTypeName Target { get; } = target;

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override bool IsConstant => Operand.IsConstant;

    public override object? Eval(object?[] row) => SqlValues.Cast(Operand.Eval(row), Operand.Type, Target, zone);

    public override string ToString() => $"CAST({Operand} AS {Target.ToString().ToUpperInvariant()})";
}

/// <summary><c>x [NOT] IN (…)</c> over constants, or over a subquery's values once it has run.</summary>
internal sealed class InExpr(BoundExpr operand, Func<IReadOnlyList<object?>> values, Func<bool> known, SqlColumnType valueType, bool negated, string text) : BoundExpr(SqlColumnType.Boolean)
{
    /// <summary>Whether <see cref="Values"/> are known: always for a list, once it has run for a subquery.</summary>
    public bool Known => known();

    public BoundExpr Operand { get; } = operand;

    public bool Negated { get; } = negated;

    /// <summary>The listed values (for a subquery, available once it has run).</summary>
    public IReadOnlyList<object?> Values => values();

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override object? Eval(object?[] row)
    {
        var value = Operand.Eval(row);
        bool? found = false;
        foreach (var candidate in values())
        {
            var same = SqlValues.Compare(SqlBinaryOperator.Equal, Operand.Type, value, valueType, candidate);
            if (same == true)
            {
                found = true;
                break;
            }

            if (same is null)
            {
                found = null;
            }
        }

        return found is { } f ? f != Negated : null;
    }

    public override string ToString() => $"{Operand} {(Negated ? "NOT IN" : "IN")} {text}";
}

/// <summary><c>x [NOT] LIKE pattern</c> with a constant pattern; a multi-value text matches when any value does.</summary>
internal sealed class LikeExpr(BoundExpr operand, string pattern, char? escape, Func<string, bool> matches, bool negated) : BoundExpr(SqlColumnType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public string Pattern { get; } = pattern;

    public char? Escape { get; } = escape;

    public bool Negated { get; } = negated;

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override bool IsConstant => Operand.IsConstant;

    public override object? Eval(object?[] row)
    {
        bool? matched = Operand.Eval(row) switch
        {
            null => null,
            string s => matches(s),
            string?[] values => values.Length == 0 ? null : values.Any(v => v is not null && matches(v)),
            var other => matches(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        };
        return matched is { } m ? m != Negated : null;
    }

    public override string ToString() => $"{Operand} {(Negated ? "NOT LIKE" : "LIKE")} '{Pattern}'" + (Escape is { } e ? $" ESCAPE '{e}'" : "");
}

/// <summary><c>x IS [NOT] NULL</c>; an empty multi-value text is null.</summary>
internal sealed class IsNullExpr(BoundExpr operand, bool negated) : BoundExpr(SqlColumnType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public bool Negated { get; } = negated;

    public override IEnumerable<BoundExpr> Children => [Operand];

    public override bool IsConstant => Operand.IsConstant;

    public override object? Eval(object?[] row) => Operand.Eval(row) is null or string?[] { Length: 0 } != Negated;

    public override string ToString() => $"{Operand} IS {(Negated ? "NOT " : "")}NULL";
}

/// <summary><c>x IS [NOT] TRUE|FALSE</c>: never null.</summary>
internal sealed class IsBooleanExpr(BoundExpr operand, bool value, bool negated) : BoundExpr(SqlColumnType.Boolean)
{
    public override IEnumerable<BoundExpr> Children => [operand];

    public override bool IsConstant => operand.IsConstant;

    public override object? Eval(object?[] row) => (SqlValues.Truth(operand.Eval(row)) == value) != negated;

    public override string ToString() => $"{operand} IS {(negated ? "NOT " : "")}{(value ? "TRUE" : "FALSE")}";
}

/// <summary>A scalar subquery's value, available once the subquery has run.</summary>
internal sealed class SubqueryValueExpr(SubqueryResult result, SqlColumnType type) : BoundExpr(type)
{
    public override object? Eval(object?[] row) => result.Scalar();

    public override string ToString() => $"$subquery{result.Id}";
}

/// <summary>The rows of an uncorrelated subquery, filled in before the statement's main plan runs.</summary>
internal sealed class SubqueryResult(int id, Rel plan, SqlPosition position)
{
    private IReadOnlyList<object?[]>? _rows;

    public int Id { get; } = id;

    public Rel Plan { get; } = plan;

    public void Set(IReadOnlyList<object?[]> rows) => _rows = rows;

    public bool HasRun => _rows is not null;

    public IReadOnlyList<object?[]> Rows => _rows ?? throw new InvalidOperationException($"Subquery {Id} has not run.");

    public object? Scalar() => Rows.Count switch
    {
        0 => null,
        1 => Rows[0][0],
        _ => throw SqlPlanningException.Validation($"A scalar subquery returned {Rows.Count} rows; it must return at most one.", position),
    };

    public IReadOnlyList<object?> Column() => [.. Rows.Select(r => r[0])];
}

/// <summary>An implicit conversion to a common type (for <c>UNION ALL</c> columns and <c>CASE</c> branches).</summary>
internal sealed class CoerceExpr(BoundExpr operand, SqlColumnType type) : BoundExpr(type)
{
    public override IEnumerable<BoundExpr> Children => [operand];

    public override bool IsConstant => operand.IsConstant;

    public override object? Eval(object?[] row) => SqlValues.Coerce(operand.Eval(row), operand.Type, Type);

    public override string ToString() => operand.ToString();
}

/// <summary>A time unit given to a function (<c>FLOOR(x TO DAY)</c>); the function reads it when it is bound.</summary>
internal sealed class UnitExpr(SqlTimeUnit unit) : BoundExpr(SqlColumnType.Varchar)
{
    public SqlTimeUnit Unit { get; } = unit;

    public override bool IsConstant => true;

    public override object? Eval(object?[] row) => null;

    public override string ToString() => Unit.ToString().ToUpperInvariant();
}
