using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Index;

/// <summary>
/// A persisted index opened read-only through a memory map: columns are read in place, nothing is loaded whole.
/// Rows are sorted by (time, dimension values) and dictionaries by value.
/// </summary>
/// <remarks>
/// Immutable and safe for any number of readers. Disposing unmaps the file; reading afterwards throws
/// <see cref="ObjectDisposedException"/>, so callers must stop reading (release their leases) first.
/// </remarks>
internal sealed unsafe partial class PersistedIndex : IQueryableIndex
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string _dataPath;
    private readonly long _length;
    private readonly Dictionary<string, IDimensionColumn> _dimensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IMetricColumn> _metrics = new(StringComparer.Ordinal);
    private readonly Section _timestamps;
    private byte* _base;

    private PersistedIndex(string directory, SegmentMetadata metadata, bool verifyChecksum)
    {
        Directory = directory;
        _dataPath = Path.Combine(directory, SegmentFormat.DataFile);
        var info = new FileInfo(_dataPath);
        if (!info.Exists)
        {
            throw new InvalidDataException($"{_dataPath} is missing: the directory does not hold a complete index.");
        }

        if (info.Length != metadata.DataLength || info.Length < 8)
        {
            throw new InvalidDataException($"{_dataPath} has {info.Length} bytes where {SegmentFormat.MetadataFile} records {metadata.DataLength}: the file is incomplete or corrupt.");
        }

        _length = info.Length;
        _file = MemoryMappedFile.CreateFromFile(_dataPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
        _base += _view.PointerOffset;
        try
        {
            Verify(metadata, verifyChecksum);
            Interval = Interval.Parse(metadata.Interval);
            RowCount = metadata.RowCount;
            CommitMetadata = metadata.CommitMetadata;
            _timestamps = Check(metadata.Timestamps, sizeof(long), RowCount, "__time");
            Dimensions = metadata.Dimensions.Select(d => new ColumnSchema(d.Name, d.Type)).ToArray();
            Metrics = metadata.Metrics.Select(m => new ColumnSchema(m.Name, m.Type, m.ComplexTypeName)).ToArray();
            foreach (var dimension in metadata.Dimensions)
            {
                _dimensions[dimension.Name] = dimension.Type == ColumnType.String
                    ? new StringColumn(this, dimension)
                    : new NumericDimensionColumn(this, dimension);
            }

            foreach (var metric in metadata.Metrics)
            {
                _metrics[metric.Name] = new MetricColumn(this, metric);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The directory the index was loaded from.</summary>
    public string Directory { get; }

    /// <summary>The size of the index's data file in bytes.</summary>
    public long DataBytes => _length;

    /// <inheritdoc />
    public Interval Interval { get; }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <inheritdoc />
    public bool IsTimeSorted => true;

    /// <inheritdoc />
    public IReadOnlyList<ColumnSchema> Dimensions { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<ColumnSchema> Metrics { get; } = [];

    /// <inheritdoc />
    public JsonElement? CommitMetadata { get; }

    /// <summary>
    /// Opens an index this process has just written with <paramref name="metadata"/>: the same checks as
    /// <see cref="Load"/> except the checksum, which the writer computed from the bytes it wrote.
    /// </summary>
    public static PersistedIndex OpenWritten(string directory, SegmentMetadata metadata) => new(directory, metadata, verifyChecksum: false);

    /// <summary>Opens the index in <paramref name="directory"/>, checking its metadata, sizes and checksum.</summary>
    /// <exception cref="InvalidDataException">The directory does not hold a complete, intact index; the message names the file.</exception>
    public static PersistedIndex Load(string directory)
    {
        var metaPath = Path.Combine(directory, SegmentFormat.MetadataFile);
        if (!File.Exists(metaPath))
        {
            throw new InvalidDataException($"{metaPath} is missing: the directory does not hold a complete index.");
        }

        SegmentMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<SegmentMetadata>(File.ReadAllBytes(metaPath), SegmentFormat.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{metaPath} is not valid index metadata: {e.Message}", e);
        }

        if (metadata is null || metadata.FormatVersion != SegmentFormat.Version)
        {
            throw new InvalidDataException($"{metaPath} has format version {metadata?.FormatVersion}; version {SegmentFormat.Version} is expected.");
        }

        try
        {
            return new PersistedIndex(directory, metadata, verifyChecksum: true);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{metaPath} is not valid index metadata: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void ReadTimestamps(int startRow, Span<long> destination) => Slice<long>(_timestamps, startRow, destination.Length).CopyTo(destination);

    /// <inheritdoc />
    public long? MinTime => RowCount == 0 ? null : Slice<long>(_timestamps, 0, 1)[0];

    /// <inheritdoc />
    public IDimensionColumn? GetDimension(string name) => _dimensions.GetValueOrDefault(name);

    /// <inheritdoc />
    public IMetricColumn? GetMetric(string name) => _metrics.GetValueOrDefault(name);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_base is not null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>A section of the file as a span of <typeparamref name="T"/>.</summary>
    private ReadOnlySpan<T> Span<T>(Section section)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_base is null, this);
        return new ReadOnlySpan<T>(_base + section.Offset, (int)(section.Length / sizeof(T)));
    }

    /// <summary>Elements [start, start + count) of a section, checked against its length.</summary>
    private ReadOnlySpan<T> Slice<T>(Section section, int start, int count)
        where T : unmanaged
    {
        var span = Span<T>(section);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, span.Length - start, "destination");
        return span.Slice(start, count);
    }

    /// <summary>Checks that a section lies in the file, is aligned and holds <paramref name="count"/> elements.</summary>
    private Section Check(Section? section, int elementSize, long count, string column)
    {
        if (section is null || section.Offset < 8 || section.Offset % 8 != 0 || section.Length < 0 ||
            section.Offset + section.Length > _length || (count >= 0 && section.Length != count * elementSize))
        {
            throw new InvalidDataException($"{_dataPath}: the section of column '{column}' recorded in {SegmentFormat.MetadataFile} does not fit the file.");
        }

        return section;
    }

    private void Verify(SegmentMetadata metadata, bool verifyChecksum)
    {
        if (verifyChecksum)
        {
            var hash = new System.IO.Hashing.XxHash64();
            for (long at = 0; at < _length; at += 1 << 30)
            {
                hash.Append(new ReadOnlySpan<byte>(_base + at, (int)Math.Min(1 << 30, _length - at)));
            }

            if (!string.Equals(hash.GetCurrentHashAsUInt64().ToString("x16"), metadata.DataChecksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{_dataPath} is corrupt: its checksum does not match {SegmentFormat.MetadataFile}.");
            }
        }

        if (_length < 8 || !new ReadOnlySpan<byte>(_base, 8).SequenceEqual(SegmentFormat.Magic))
        {
            throw new InvalidDataException($"{_dataPath} is not an index data file.");
        }
    }
}
