using Realtime.Core.Sql.Sys;

namespace Realtime.Core.Sql.Catalog;

/// <summary>
/// The <c>INFORMATION_SCHEMA</c> tables (<c>SCHEMATA</c>, <c>TABLES</c>, <c>COLUMNS</c>) with Druid's columns and
/// values, built from a statement's <see cref="SqlCatalog"/>; the catalog is <c>druid</c>.
/// </summary>
internal static class InformationSchemaTables
{
    private const string Catalog = "druid";

    private static readonly string[] SchemataColumns =
        ["CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER", "DEFAULT_CHARACTER_SET_CATALOG", "DEFAULT_CHARACTER_SET_SCHEMA", "DEFAULT_CHARACTER_SET_NAME", "SQL_PATH"];

    private static readonly string[] TablesColumns = ["TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "IS_JOINABLE", "IS_BROADCAST"];

    private static readonly SqlColumn[] ColumnsColumns =
    [
        new("TABLE_CATALOG", SqlColumnType.Varchar), new("TABLE_SCHEMA", SqlColumnType.Varchar), new("TABLE_NAME", SqlColumnType.Varchar),
        new("COLUMN_NAME", SqlColumnType.Varchar), new("ORDINAL_POSITION", SqlColumnType.Bigint), new("COLUMN_DEFAULT", SqlColumnType.Varchar),
        new("IS_NULLABLE", SqlColumnType.Varchar), new("DATA_TYPE", SqlColumnType.Varchar), new("CHARACTER_MAXIMUM_LENGTH", SqlColumnType.Bigint),
        new("CHARACTER_OCTET_LENGTH", SqlColumnType.Bigint), new("NUMERIC_PRECISION", SqlColumnType.Bigint), new("NUMERIC_PRECISION_RADIX", SqlColumnType.Bigint),
        new("NUMERIC_SCALE", SqlColumnType.Bigint), new("DATETIME_PRECISION", SqlColumnType.Bigint), new("CHARACTER_SET_NAME", SqlColumnType.Varchar),
        new("COLLATION_NAME", SqlColumnType.Varchar), new("JDBC_TYPE", SqlColumnType.Bigint),
    ];

    /// <summary>The table names, upper case.</summary>
    public static IReadOnlyList<string> Names { get; } = ["COLUMNS", "SCHEMATA", "TABLES"];

    /// <summary>The columns of <paramref name="name"/> (any case), or null when there is no such table.</summary>
    public static IReadOnlyList<SqlColumn>? ColumnsOf(string name) => name.ToUpperInvariant() switch
    {
        "SCHEMATA" => [.. SchemataColumns.Select(c => new SqlColumn(c, SqlColumnType.Varchar))],
        "TABLES" => [.. TablesColumns.Select(c => new SqlColumn(c, SqlColumnType.Varchar))],
        "COLUMNS" => ColumnsColumns,
        _ => null,
    };

    /// <summary>The rows of <paramref name="name"/> as <paramref name="catalog"/> sees them.</summary>
    public static async Task<IReadOnlyList<object?[]>> RowsAsync(string name, SqlCatalog catalog, CancellationToken cancellationToken) => name.ToUpperInvariant() switch
    {
        "SCHEMATA" => [.. new[] { SqlCatalog.DruidSchema, SqlCatalog.InformationSchema, SysSchema.Name }
            .Select(schema => new object?[] { Catalog, schema, null, null, null, null, null })],
        "TABLES" => Tables(catalog),
        _ => await ColumnRowsAsync(catalog, cancellationToken).ConfigureAwait(false),
    };

    private static List<object?[]> Tables(SqlCatalog catalog)
    {
        var rows = catalog.DataSources.Select(ds => new object?[] { Catalog, SqlCatalog.DruidSchema, ds, "TABLE", "NO", "NO" }).ToList();
        rows.AddRange(Names.Select(n => new object?[] { Catalog, SqlCatalog.InformationSchema, n, "SYSTEM_TABLE", "NO", "NO" }));
        rows.AddRange(catalog.SystemTables.Select(t => new object?[] { Catalog, t.Schema, t.Name, "SYSTEM_TABLE", "NO", "NO" }));
        return rows;
    }

    private static async Task<IReadOnlyList<object?[]>> ColumnRowsAsync(SqlCatalog catalog, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        foreach (var table in await catalog.AllAsync(cancellationToken).ConfigureAwait(false))
        {
            AddColumns(rows, SqlCatalog.DruidSchema, table.Name, table.Columns, c => c != "__time");
        }

        foreach (var name in Names)
        {
            AddColumns(rows, SqlCatalog.InformationSchema, name, ColumnsOf(name)!, _ => true);
        }

        foreach (var table in catalog.SystemTables)
        {
            AddColumns(rows, table.Schema, table.Name, table.Columns, _ => true);
        }

        return rows;
    }

    private static void AddColumns(List<object?[]> rows, string schema, string table, IReadOnlyList<SqlColumn> columns, Func<string, bool> nullable)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var numeric = column.Type is SqlColumnType.Bigint or SqlColumnType.Double or SqlColumnType.Float;
            rows.Add(
            [
                Catalog, schema, table, column.Name, (long)(i + 1), "", nullable(column.Name) ? "YES" : "NO", column.Type.SqlName(),
                null, null, numeric ? Precision(column.Type) : null, numeric ? 10L : null, numeric ? 0L : null,
                column.Type is SqlColumnType.Timestamp ? 3L : null, column.Type is SqlColumnType.Varchar ? "UTF-16LE" : null,
                column.Type is SqlColumnType.Varchar ? "UTF-16LE$en_US$primary" : null, (long)column.Type.JdbcType(),
            ]);
        }
    }

    private static long Precision(SqlColumnType type) => type switch
    {
        SqlColumnType.Bigint => 19L,
        SqlColumnType.Float => 7L,
        _ => 15L,
    };
}
