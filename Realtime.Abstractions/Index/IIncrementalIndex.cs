using System.Text.Json;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Index;

/// <summary>An in-memory index that rolls rows up as they arrive; readable at once.</summary>
/// <remarks>One thread adds rows; any number may read under <see cref="IQueryableIndex.LockForRead"/>.</remarks>
public interface IIncrementalIndex : IQueryableIndex
{
    /// <summary>An estimate of the memory the rows take, for <c>maxBytesInMemory</c>.</summary>
    long EstimatedBytes { get; }

    /// <summary>Adds a row, folding it into an existing row with the same truncated time and dimensions.</summary>
    /// <returns>The number of rows after adding, and a message when a field could not be parsed (the row is kept with that field empty).</returns>
    IndexAddResult Add(InputRow row);
}

/// <summary>The outcome of adding a row to an index.</summary>
/// <param name="RowCount">Rows in the index after the add.</param>
/// <param name="ParseError">Null, or what could not be parsed (the rest of the row was kept).</param>
public readonly record struct IndexAddResult(int RowCount, string? ParseError);

/// <summary>Creates, persists, loads and merges indexes for one data schema. Obtained from <c>PlumberContext</c>.</summary>
public interface IIndexFactory
{
    /// <summary>A new in-memory index for the segment <paramref name="interval"/>.</summary>
    /// <param name="interval">The segment interval; rows are stamped no earlier than its start.</param>
    /// <param name="previousDimensions">The dimension order of the sink's earlier hydrant, kept for schemaless specs.</param>
    IIncrementalIndex CreateIncremental(Interval interval, IReadOnlyList<ColumnSchema>? previousDimensions = null);

    /// <summary>Writes an index to <paramref name="directory"/> (flushed to disk) and opens the written copy.</summary>
    IQueryableIndex Persist(IQueryableIndex index, string directory, JsonElement? commitMetadata, CancellationToken cancellationToken);

    /// <summary>Opens a persisted index without reading it whole (memory-mapped).</summary>
    /// <exception cref="InvalidDataException">The directory does not hold a complete index; the message names the file.</exception>
    IQueryableIndex Load(string directory);

    /// <summary>Merges indexes of one segment into <paramref name="directory"/>, rolling equal rows up again.</summary>
    IQueryableIndex Merge(IReadOnlyList<IQueryableIndex> indexes, string directory, CancellationToken cancellationToken);
}
