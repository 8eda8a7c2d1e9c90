using System.Security.Claims;
using System.Text.Json.Nodes;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql.Sys;

namespace Realtime.Core.Sql.Catalog;

/// <summary>
/// The tables one statement can name: the data sources of the <c>druid</c> schema (typed from segment metadata),
/// <c>INFORMATION_SCHEMA</c> and the <c>sys</c> tables. With a user, only data sources that user may read exist.
/// </summary>
internal sealed class SqlCatalog(IQueryExecutor executor, IReadOnlyList<ISqlSystemTable> systemTables, IResourceAuthorizer authorizer, ClaimsPrincipal? user)
{
    /// <summary>The default schema, holding the data sources.</summary>
    public const string DruidSchema = "druid";

    /// <summary>The schema of the standard metadata tables.</summary>
    public const string InformationSchema = "INFORMATION_SCHEMA";

    private readonly Dictionary<string, DruidTable?> _tables = new(StringComparer.Ordinal);

    /// <summary>The data sources the user may read, by name.</summary>
    public IReadOnlyList<string> DataSources =>
        [.. executor.DataSources.Where(ds => SysSchema.MayRead(authorizer, user, ds)).Order(StringComparer.Ordinal)];

    /// <summary>The system table <paramref name="name"/> of <paramref name="schema"/>, compared without case, or null.</summary>
    public ISqlSystemTable? FindSystemTable(string schema, string name) =>
        systemTables.FirstOrDefault(t => string.Equals(t.Schema, schema, StringComparison.OrdinalIgnoreCase) && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rows of system table <paramref name="table"/> for this statement's user.</summary>
    public Task<IReadOnlyList<object?[]>> ReadAsync(ISqlSystemTable table, CancellationToken cancellationToken) => table.ReadRowsAsync(user, cancellationToken);

    /// <summary>The data source <paramref name="name"/> once <see cref="LoadAsync"/> has read it; null when it does not exist.</summary>
    public DruidTable? Find(string name) => _tables.TryGetValue(name, out var table) ? table : null;

    /// <summary>
    /// Reads the columns of every data source in <paramref name="names"/> that exists, readable or not: a statement that
    /// names a data source its user may not read is refused as forbidden (403), not as naming an unknown table.
    /// </summary>
    public async Task LoadAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var known = executor.DataSources;
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!_tables.ContainsKey(name))
            {
                _tables[name] = known.Contains(name) ? await DescribeAsync(name, cancellationToken).ConfigureAwait(false) : null;
            }
        }
    }

    /// <summary>Every readable data source with its columns.</summary>
    public async Task<IReadOnlyList<DruidTable>> AllAsync(CancellationToken cancellationToken)
    {
        var names = DataSources;
        await LoadAsync(names, cancellationToken).ConfigureAwait(false);
        return [.. names.Select(Find).OfType<DruidTable>()];
    }

    /// <summary>The names of the system tables, with their schemas.</summary>
    public IEnumerable<ISqlSystemTable> SystemTables => systemTables;

    private async Task<DruidTable> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        var kinds = executor.DescribeDataSource(name);
        var metadata = new JsonObject
        {
            ["queryType"] = "segmentMetadata",
            ["dataSource"] = name,
            ["merge"] = true,
            ["analysisTypes"] = new JsonArray(),
            ["lenientAggregatorMerge"] = true,
        };
        var response = await executor.ExecuteAsync(metadata.ToJsonString(), cancellationToken).ConfigureAwait(false);
        var analysed = response.Results.Count > 0 && response.Results[0]?["columns"] is JsonObject columns ? columns : [];
        var result = new List<DruidColumn> { new("__time", SqlColumnType.Timestamp, DruidColumnKind.Time, "LONG", false) };
        var metrics = kinds?.Metrics.ToHashSet(StringComparer.Ordinal) ?? [];
        var names = analysed.Select(c => c.Key).Concat(kinds?.Dimensions ?? []).Concat(metrics).Where(n => n != "__time").Distinct(StringComparer.Ordinal);
        foreach (var column in names.Order(StringComparer.Ordinal))
        {
            var analysis = analysed[column];
            var isMetric = metrics.Contains(column);
            var nativeType = analysis?["type"]?.GetValue<string>() ?? (isMetric ? "DOUBLE" : "STRING");
            var type = nativeType switch
            {
                "STRING" => SqlColumnType.Varchar,
                "LONG" => SqlColumnType.Bigint,
                "DOUBLE" => SqlColumnType.Double,
                "FLOAT" => SqlColumnType.Float,
                _ => SqlColumnType.Other,
            };
            var multiValue = analysis?["hasMultipleValues"]?.GetValue<bool>() ?? false;
            result.Add(new DruidColumn(column, type, isMetric ? DruidColumnKind.Metric : DruidColumnKind.Dimension, nativeType, multiValue));
        }

        return new DruidTable(name, result);
    }
}
