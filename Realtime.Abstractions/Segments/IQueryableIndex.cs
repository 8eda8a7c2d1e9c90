using System.Text.Json;
using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Segments;

/// <summary>
/// Columnar read access to one index: an in-memory hydrant, a persisted hydrant or a merged segment.
/// Columns are read in batches of rows so that scans run without per-row objects.
/// </summary>
/// <remarks>
/// Hold <see cref="LockForRead"/> while reading an index that may still grow: rows counted inside the lock
/// are complete and stay unchanged until it is released. Persisted indexes are immutable and their lock is free.
/// </remarks>
public interface IQueryableIndex : IDisposable
{
    /// <summary>The segment interval the rows belong to.</summary>
    Interval Interval { get; }

    /// <summary>The number of stored rows (after rollup).</summary>
    int RowCount { get; }

    /// <summary>Dimension columns in schema order.</summary>
    IReadOnlyList<ColumnSchema> Dimensions { get; }

    /// <summary>Metric columns in spec order.</summary>
    IReadOnlyList<ColumnSchema> Metrics { get; }

    /// <summary>The commit metadata written with this index, if it was persisted with one.</summary>
    JsonElement? CommitMetadata => null;

    /// <summary>Whether rows are stored in timestamp order (persisted indexes), which lets reads skip to a time range.</summary>
    bool IsTimeSorted => false;

    /// <summary>
    /// The earliest row timestamp (epoch milliseconds) when the index keeps it; null when it has no rows or does not keep
    /// it, and then readers find it with <see cref="ReadTimestamps"/>. Read it under <see cref="LockForRead"/>.
    /// </summary>
    long? MinTime => null;

    /// <summary>Takes a consistent view of the rows for the duration of a read.</summary>
    IDisposable LockForRead() => NoLock.Instance;

    /// <summary>Copies row timestamps (epoch milliseconds) from <paramref name="startRow"/> into <paramref name="destination"/>.</summary>
    void ReadTimestamps(int startRow, Span<long> destination);

    /// <summary>A dimension column, or null when this index does not have it.</summary>
    IDimensionColumn? GetDimension(string name);

    /// <summary>A metric column, or null when this index does not have it.</summary>
    IMetricColumn? GetMetric(string name);

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>A dimension column: dictionary-encoded strings, or typed numbers.</summary>
public interface IDimensionColumn
{
    /// <summary>Name and type.</summary>
    ColumnSchema Schema { get; }

    /// <summary>Whether some row holds more than one value (string dimensions only).</summary>
    bool HasMultipleValues { get; }

    /// <summary>The number of distinct values in the dictionary (string dimensions only).</summary>
    int Cardinality { get; }

    /// <summary>Whether dictionary ids follow the values' lexicographic order (persisted indexes).</summary>
    bool IsDictionarySorted { get; }

    /// <summary>The value of dictionary id <paramref name="id"/>; null is a value of its own.</summary>
    string? GetValue(int id);

    /// <summary>The dictionary id of <paramref name="value"/>, or -1 when no row holds it.</summary>
    int GetId(string? value);

    /// <summary>Copies the single dictionary id of each row (for columns without multiple values).</summary>
    void ReadIds(int startRow, Span<int> destination);

    /// <summary>The dictionary ids of one row; empty for a row with no value.</summary>
    ReadOnlySpan<int> GetRowIds(int row);

    /// <summary>Copies values of a numeric dimension as longs.</summary>
    void ReadLongs(int startRow, Span<long> destination);

    /// <summary>Copies values of a numeric dimension as doubles.</summary>
    void ReadDoubles(int startRow, Span<double> destination);
}

/// <summary>A string dimension column with an inverted index: for each dictionary id, the sorted rows that hold it.</summary>
/// <remarks>An optional capability of a dimension column; persisted indexes provide it so that filters visit only matching rows.</remarks>
public interface IInvertedIndexColumn : IDimensionColumn
{
    /// <summary>The rows (ascending) whose values include dictionary id <paramref name="id"/>.</summary>
    ReadOnlySpan<int> GetRows(int id);
}

/// <summary>A metric column holding aggregated values.</summary>
public interface IMetricColumn
{
    /// <summary>Name and type.</summary>
    ColumnSchema Schema { get; }

    /// <summary>Copies values as longs (floating values are truncated).</summary>
    void ReadLongs(int startRow, Span<long> destination);

    /// <summary>Copies values as doubles.</summary>
    void ReadDoubles(int startRow, Span<double> destination);

    /// <summary>The state of a complex metric for one row (for example a HyperLogLog collector).</summary>
    object? GetComplex(int row);
}
