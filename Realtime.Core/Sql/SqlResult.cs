namespace Realtime.Core.Sql;

/// <summary>A result column: its name and type.</summary>
/// <param name="Name">The column name (the select item's alias, or Druid's <c>EXPR$n</c> for an unnamed expression).</param>
/// <param name="Type">The column type.</param>
public sealed record SqlColumn(string Name, SqlColumnType Type);

/// <summary>The result of a SQL statement: its columns and its rows, each row one value per column.</summary>
/// <param name="QueryId">The statement's id: the context's <c>sqlQueryId</c>, or one given to it.</param>
/// <param name="Columns">The columns.</param>
/// <param name="Rows">The rows; values are typed as <see cref="SqlColumnType"/> describes.</param>
public sealed record SqlResult(string QueryId, IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows);
