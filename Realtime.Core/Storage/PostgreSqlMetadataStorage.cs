using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>The built-in <c>postgresql</c> metadata store: Druid's segments table in a PostgreSQL database.</summary>
public sealed class PostgreSqlMetadataStorage(PostgreSqlMetadataStore store) : IMetadataStorage
{
    /// <inheritdoc />
    public ISegmentMetadataStore Store { get; } = store;
}
