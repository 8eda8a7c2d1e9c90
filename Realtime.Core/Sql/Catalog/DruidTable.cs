namespace Realtime.Core.Sql.Catalog;

/// <summary>Where a data source column comes from.</summary>
internal enum DruidColumnKind
{
    /// <summary><c>__time</c>.</summary>
    Time,

    /// <summary>A dimension.</summary>
    Dimension,

    /// <summary>A metric (the rolled-up value of an ingestion aggregator).</summary>
    Metric,
}

/// <summary>A column of a Druid data source as SQL sees it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">Its SQL type.</param>
/// <param name="Kind">Time, dimension or metric.</param>
/// <param name="NativeType">The native type segment metadata reports (<c>STRING</c>, <c>LONG</c>, <c>hyperUnique</c>, …).</param>
/// <param name="HasMultipleValues">Whether some row holds several values (a multi-value string dimension).</param>
internal sealed record DruidColumn(string Name, SqlColumnType Type, DruidColumnKind Kind, string NativeType, bool HasMultipleValues);

/// <summary>A Druid data source as a SQL table of the <c>druid</c> schema: <c>__time</c> first, then the other columns by name.</summary>
internal sealed class DruidTable(string name, IReadOnlyList<DruidColumn> columns)
{
    /// <summary>The data source name.</summary>
    public string Name { get; } = name;

    /// <summary>The columns with their kinds.</summary>
    public IReadOnlyList<DruidColumn> DruidColumns { get; } = columns;

    /// <summary>The columns as SQL columns.</summary>
    public IReadOnlyList<SqlColumn> Columns { get; } = [.. columns.Select(c => new SqlColumn(c.Name, c.Type))];
}
