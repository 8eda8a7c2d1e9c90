using System.Text.Json.Nodes;
using Realtime.Core.Sql.Catalog;

namespace Realtime.Core.Sql.Planning;

/// <summary>A node of a statement's relational plan; each produces rows of <see cref="Columns"/>.</summary>
internal abstract class Rel(IReadOnlyList<SqlColumn> columns)
{
    /// <summary>The columns of the rows it produces.</summary>
    public IReadOnlyList<SqlColumn> Columns { get; } = columns;

    /// <summary>The nodes it reads.</summary>
    public virtual IEnumerable<Rel> Inputs => [];
}

/// <summary>Every row of a Druid data source: <c>__time</c>, dimensions and metrics.</summary>
internal sealed class TableRel(DruidTable table) : Rel(table.Columns)
{
    public DruidTable Table { get; } = table;
}

/// <summary>The rows of a table kept in memory (<c>INFORMATION_SCHEMA</c>, <c>sys</c>), or a <c>SELECT</c> without <c>FROM</c>.</summary>
internal sealed class ValuesRel(string name, IReadOnlyList<SqlColumn> columns, Func<CancellationToken, Task<IReadOnlyList<object?[]>>> rows) : Rel(columns)
{
    public string Name { get; } = name;

    public Func<CancellationToken, Task<IReadOnlyList<object?[]>>> Rows { get; } = rows;
}

/// <summary>The input rows for which <see cref="Condition"/> is true.</summary>
internal sealed class FilterRel(Rel input, BoundExpr condition) : Rel(input.Columns)
{
    public Rel Input { get; } = input;

    public BoundExpr Condition { get; } = condition;

    public override IEnumerable<Rel> Inputs => [Input];
}

/// <summary>One output row per input row, of the given expressions.</summary>
internal sealed class ProjectRel(Rel input, IReadOnlyList<BoundExpr> exprs, IReadOnlyList<SqlColumn> columns) : Rel(columns)
{
    public Rel Input { get; } = input;

    public IReadOnlyList<BoundExpr> Exprs { get; } = exprs;

    public override IEnumerable<Rel> Inputs => [Input];
}

/// <summary>What an aggregate function computes.</summary>
internal enum AggregateKind
{
    Count,
    Sum,
    Min,
    Max,
    Avg,
    CountDistinct,
    ApproxCountDistinct,
    Earliest,
    Latest,
    AnyValue,
}

/// <summary>One aggregate call of a grouping.</summary>
/// <param name="Kind">The function.</param>
/// <param name="Arg">The argument, or null for <c>COUNT(*)</c>.</param>
/// <param name="Filter">The <c>FILTER (WHERE …)</c> condition, or null.</param>
/// <param name="Time">The input's <c>__time</c>, for <c>EARLIEST</c> and <c>LATEST</c>.</param>
/// <param name="Type">The result type.</param>
/// <param name="Text">How the call reads, for plans and messages.</param>
internal sealed record AggregateCall(AggregateKind Kind, BoundExpr? Arg, BoundExpr? Filter, BoundExpr? Time, SqlColumnType Type, string Text);

/// <summary>
/// Groups input rows by <see cref="Keys"/> (once per grouping set; a key outside a set is null in its rows) and
/// computes <see cref="Aggregates"/> per group. Output: the keys, then the aggregates. Without keys and with one
/// empty set, one row even over no input.
/// </summary>
internal sealed class AggregateRel(Rel input, IReadOnlyList<BoundExpr> keys, IReadOnlyList<IReadOnlyList<int>> sets, IReadOnlyList<AggregateCall> aggregates, IReadOnlyList<SqlColumn> columns)
    : Rel(columns)
{
    public Rel Input { get; } = input;

    public IReadOnlyList<BoundExpr> Keys { get; } = keys;

    public IReadOnlyList<IReadOnlyList<int>> Sets { get; } = sets;

    public IReadOnlyList<AggregateCall> Aggregates { get; } = aggregates;

    public override IEnumerable<Rel> Inputs => [Input];

    /// <summary>Whether the rows are plain <c>GROUP BY</c> groups (one set of every key).</summary>
    public bool IsSimple => Sets.Count == 1 && Sets[0].Count == Keys.Count;
}

/// <summary>One sort key: an input column, its direction and where nulls go.</summary>
internal sealed record SortKey(int Column, bool Descending, bool NullsFirst);

/// <summary>The input rows ordered by <see cref="Keys"/> (kept in input order without keys), then <see cref="Offset"/> and <see cref="Limit"/>.</summary>
internal sealed class SortRel(Rel input, IReadOnlyList<SortKey> keys, long? limit, long offset) : Rel(input.Columns)
{
    public Rel Input { get; } = input;

    public IReadOnlyList<SortKey> Keys { get; } = keys;

    public long? Limit { get; } = limit;

    public long Offset { get; } = offset;

    public override IEnumerable<Rel> Inputs => [Input];
}

/// <summary>The rows of every input, in turn.</summary>
internal sealed class UnionRel(IReadOnlyList<Rel> inputs, IReadOnlyList<SqlColumn> columns) : Rel(columns)
{
    public IReadOnlyList<Rel> Branches { get; } = inputs;

    public override IEnumerable<Rel> Inputs => Branches;
}

/// <summary>Rows from one native query, read back into SQL values.</summary>
internal sealed class NativeRel(JsonObject query, IReadOnlyList<SqlColumn> columns, Func<JsonArray, IReadOnlyList<object?[]>> decode) : Rel(columns)
{
    /// <summary>The native query, as <c>EXPLAIN PLAN FOR</c> shows it.</summary>
    public JsonObject Query { get; } = query;

    public Func<JsonArray, IReadOnlyList<object?[]>> Decode { get; } = decode;
}
