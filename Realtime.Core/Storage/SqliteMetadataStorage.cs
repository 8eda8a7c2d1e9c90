using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>The built-in <c>sqlite</c> metadata store: Druid's segments table in a SQLite file beside the node.</summary>
public sealed class SqliteMetadataStorage(SqliteMetadataStore store) : IMetadataStorage
{
    /// <inheritdoc />
    public ISegmentMetadataStore Store { get; } = store;
}
