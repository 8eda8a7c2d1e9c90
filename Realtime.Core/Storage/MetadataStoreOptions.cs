using System.Text.RegularExpressions;

namespace Realtime.Core.Storage;

/// <summary>Where published segments are recorded, bound from <c>Realtime:Metadata</c>.</summary>
public sealed partial class MetadataStoreOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Metadata";

    /// <summary>The kind of metadata store (Druid's <c>druid.metadata.storage.type</c>): <c>sqlite</c>, <c>postgresql</c>, or one a plugin provides.</summary>
    public string Type { get; set; } = "sqlite";

    /// <summary>The database connection string: for SQLite a relative file path is taken from the working directory; for PostgreSQL an Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/metadata.db";

    /// <summary>The prefix of table names, as Druid's <c>druid.metadata.storage.tables.base</c>.</summary>
    public string TablesBase { get; set; } = "druid";

    /// <summary>The segments table; when unset it is <c>&lt;TablesBase&gt;_segments</c>.</summary>
    public string? SegmentsTable { get; set; }

    /// <summary>The segments table's name after defaults, checked to be a plain SQL identifier.</summary>
    /// <exception cref="ArgumentException">The name is not letters, digits and underscores; the message names the setting.</exception>
    public string GetSegmentsTable()
    {
        var (name, setting) = SegmentsTable is { Length: > 0 } table
            ? (table, nameof(SegmentsTable))
            : ($"{TablesBase}_segments", nameof(TablesBase));
        return Identifier().IsMatch(name)
            ? name
            : throw new ArgumentException($"{SectionName}:{setting} gives table name '{name}'; use letters, digits and underscores, not starting with a digit.");
    }

    /// <summary>The prefix of table names, checked to be a plain SQL identifier.</summary>
    /// <exception cref="ArgumentException">The prefix is not letters, digits and underscores; the message names the setting.</exception>
    public string GetTablesBase() => Identifier().IsMatch(TablesBase)
        ? TablesBase
        : throw new ArgumentException($"{SectionName}:{nameof(TablesBase)} is '{TablesBase}'; use letters, digits and underscores, not starting with a digit.");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
