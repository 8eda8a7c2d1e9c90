using System.Text.Json;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Index;

/// <summary>Creates, persists, loads and merges the indexes of one data schema.</summary>
/// <remarks>
/// Thread-safe. Persisted indexes use this project's columnar format (docs/segment-format.md): <c>meta.json</c>
/// plus a memory-mapped <c>index.bin</c>.
/// </remarks>
public sealed class IndexFactory(IndexSchema schema) : IIndexFactory
{
    /// <summary>The schema every index of this factory follows.</summary>
    public IndexSchema Schema { get; } = schema ?? throw new ArgumentNullException(nameof(schema));

    /// <inheritdoc />
    /// <remarks>For schemaless schemas the new index starts with <paramref name="previousDimensions"/>, in that order.</remarks>
    public IIncrementalIndex CreateIncremental(Interval interval, IReadOnlyList<ColumnSchema>? previousDimensions = null) =>
        new IncrementalIndex(Schema, interval, previousDimensions);

    /// <inheritdoc />
    /// <remarks>
    /// Holds <paramref name="index"/>'s read lock while writing, so an in-memory index should no longer be
    /// receiving rows (swap it out first). An existing index in <paramref name="directory"/> is replaced.
    /// </remarks>
    public IQueryableIndex Persist(IQueryableIndex index, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken)
    {
        return PersistedIndex.OpenWritten(directory, SegmentWriter.Write([index], Schema, directory, commitMetadata, cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>Reads the whole data file once to verify its checksum; the columns are then read in place.</remarks>
    public IQueryableIndex Load(string directory) => PersistedIndex.Load(directory);

    /// <inheritdoc />
    /// <remarks>
    /// Accepts persisted and in-memory indexes alike. Dimensions are the union of the inputs' (in order of first
    /// appearance); rows with equal time and dimension values are folded by the combining aggregators when the
    /// schema rolls up. The merged index carries no commit metadata.
    /// </remarks>
    public IQueryableIndex Merge(IReadOnlyList<IQueryableIndex> indexes, string directory, CancellationToken cancellationToken)
    {
        return PersistedIndex.OpenWritten(directory, SegmentWriter.Write(indexes, Schema, directory, null, cancellationToken));
    }
}
