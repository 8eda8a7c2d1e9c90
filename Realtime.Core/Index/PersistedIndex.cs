using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Collections;
using Realtime.Core.Query.Aggregation;

namespace Realtime.Core.Index;

/// <summary>
/// A persisted index opened read-only through a memory map: columns are read in place, nothing is loaded whole.
/// Rows are sorted by (time, dimension values) and dictionaries by value.
/// </summary>
/// <remarks>
/// Immutable and safe for any number of readers. Disposing unmaps the file; reading afterwards throws
/// <see cref="ObjectDisposedException"/>, so callers must stop reading (release their leases) first.
/// </remarks>
internal sealed unsafe class PersistedIndex : IQueryableIndex
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

    /// <summary>A string dimension: sorted UTF-8 dictionary, ids per row (or offsets and ids), and an inverted index.</summary>
    private sealed class StringColumn : IInvertedIndexColumn
    {
        private readonly PersistedIndex _index;
        private readonly Section _dictionaryOffsets;
        private readonly Section _dictionaryBytes;
        private readonly Section _ids;
        private readonly Section? _rowOffsets;
        private readonly Section _invertedOffsets;
        private readonly Section _invertedRows;
        private readonly bool _hasNull;
        private readonly string?[] _decoded;

        public StringColumn(PersistedIndex index, DimensionMetadata meta)
        {
            _index = index;
            Schema = new ColumnSchema(meta.Name, ColumnType.String);
            HasMultipleValues = meta.HasMultipleValues;
            Cardinality = meta.Cardinality;
            _hasNull = meta.HasNull;
            _decoded = new string?[Cardinality];
            _dictionaryOffsets = index.Check(meta.DictionaryOffsets, sizeof(int), Cardinality + 1L, meta.Name);
            _dictionaryBytes = index.Check(meta.DictionaryBytes, 1, -1, meta.Name);
            _invertedOffsets = index.Check(meta.InvertedOffsets, sizeof(int), Cardinality + 1L, meta.Name);
            _invertedRows = index.Check(meta.InvertedRows, sizeof(int), -1, meta.Name);
            if (HasMultipleValues)
            {
                _rowOffsets = index.Check(meta.RowOffsets, sizeof(int), index.RowCount + 1L, meta.Name);
                _ids = index.Check(meta.Ids, sizeof(int), index.Span<int>(_rowOffsets)[index.RowCount], meta.Name);
            }
            else
            {
                _ids = index.Check(meta.Ids, sizeof(int), index.RowCount, meta.Name);
            }

            var offsets = index.Span<int>(_dictionaryOffsets);
            if (offsets[0] != 0 || offsets[Cardinality] != _dictionaryBytes.Length || index.Span<int>(_invertedOffsets)[Cardinality] * 4L != _invertedRows.Length)
            {
                throw new InvalidDataException($"{index._dataPath}: the dictionary or inverted index of column '{meta.Name}' is inconsistent.");
            }
        }

        public ColumnSchema Schema { get; }

        public bool HasMultipleValues { get; }

        public int Cardinality { get; }

        public bool IsDictionarySorted => true;

        public string? GetValue(int id)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)id, (uint)Cardinality, nameof(id));
            if (_hasNull && id == 0)
            {
                return null;
            }

            var cached = Volatile.Read(ref _decoded[id]);
            if (cached is null)
            {
                var offsets = _index.Span<int>(_dictionaryOffsets);
                cached = Encoding.UTF8.GetString(_index.Span<byte>(_dictionaryBytes)[offsets[id]..offsets[id + 1]]);
                Volatile.Write(ref _decoded[id], cached);
            }

            return cached;
        }

        public int GetId(string? value)
        {
            if (value is null)
            {
                return _hasNull ? 0 : -1;
            }

            int low = _hasNull ? 1 : 0, high = Cardinality - 1;
            while (low <= high)
            {
                var mid = (low + high) >>> 1;
                var c = string.CompareOrdinal(GetValue(mid), value);
                if (c == 0)
                {
                    return mid;
                }

                if (c < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return -1;
        }

        public void ReadIds(int startRow, Span<int> destination)
        {
            if (HasMultipleValues)
            {
                throw new InvalidOperationException($"Dimension '{Schema.Name}' has rows with several values; read them with GetRowIds.");
            }

            _index.Slice<int>(_ids, startRow, destination.Length).CopyTo(destination);
        }

        public ReadOnlySpan<int> GetRowIds(int row)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_index.RowCount, nameof(row));
            if (_rowOffsets is null)
            {
                return _index.Span<int>(_ids).Slice(row, 1);
            }

            var offsets = _index.Span<int>(_rowOffsets);
            return _index.Span<int>(_ids)[offsets[row]..offsets[row + 1]];
        }

        public ReadOnlySpan<int> GetRows(int id)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)id, (uint)Cardinality, nameof(id));
            var offsets = _index.Span<int>(_invertedOffsets);
            return _index.Span<int>(_invertedRows)[offsets[id]..offsets[id + 1]];
        }

        public void ReadLongs(int startRow, Span<long> destination) =>
            throw new InvalidOperationException($"Dimension '{Schema.Name}' is a string dimension; read it by dictionary ids.");

        public void ReadDoubles(int startRow, Span<double> destination) =>
            throw new InvalidOperationException($"Dimension '{Schema.Name}' is a string dimension; read it by dictionary ids.");
    }

    /// <summary>A long, float or double dimension stored raw.</summary>
    private sealed class NumericDimensionColumn : IDimensionColumn
    {
        private readonly NumericValues _values;

        public NumericDimensionColumn(PersistedIndex index, DimensionMetadata meta)
        {
            Schema = new ColumnSchema(meta.Name, meta.Type);
            _values = new NumericValues(index, meta.Type, meta.Values, meta.Name);
        }

        public ColumnSchema Schema { get; }

        public bool HasMultipleValues => false;

        public int Cardinality => 0;

        public bool IsDictionarySorted => false;

        public string? GetValue(int id) => throw NotStrings();

        public int GetId(string? value) => throw NotStrings();

        public void ReadIds(int startRow, Span<int> destination) => throw NotStrings();

        public ReadOnlySpan<int> GetRowIds(int row) => throw NotStrings();

        public void ReadLongs(int startRow, Span<long> destination) => _values.ReadLongs(startRow, destination);

        public void ReadDoubles(int startRow, Span<double> destination) => _values.ReadDoubles(startRow, destination);

        private InvalidOperationException NotStrings() => new($"Dimension '{Schema.Name}' is {Schema.Type}, not a string dimension.");
    }

    /// <summary>A metric: raw numbers, or length-prefixed (by offsets) sketches.</summary>
    private sealed class MetricColumn : IMetricColumn
    {
        private readonly PersistedIndex _index;
        private readonly NumericValues? _numbers;
        private readonly Section? _blobs;
        private readonly Section? _offsets;

        public MetricColumn(PersistedIndex index, MetricMetadata meta)
        {
            _index = index;
            Schema = new ColumnSchema(meta.Name, meta.Type, meta.ComplexTypeName);
            if (meta.Type != ColumnType.Complex)
            {
                _numbers = new NumericValues(index, meta.Type, meta.Values, meta.Name);
                return;
            }

            if (meta.ComplexTypeName != HyperUniqueAggregatorFactory.TypeNameOfColumn)
            {
                throw new InvalidDataException($"{index._dataPath}: metric '{meta.Name}' has unknown complex type '{meta.ComplexTypeName}'.");
            }

            _offsets = index.Check(meta.Offsets, sizeof(long), index.RowCount + 1L, meta.Name);
            _blobs = index.Check(meta.Values, 1, index.Span<long>(_offsets)[index.RowCount], meta.Name);
        }

        public ColumnSchema Schema { get; }

        public void ReadLongs(int startRow, Span<long> destination) => (_numbers ?? throw NotNumbers()).ReadLongs(startRow, destination);

        public void ReadDoubles(int startRow, Span<double> destination) => (_numbers ?? throw NotNumbers()).ReadDoubles(startRow, destination);

        public object? GetComplex(int row)
        {
            if (_offsets is null || _blobs is null)
            {
                return null;
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_index.RowCount, nameof(row));
            var offsets = _index.Span<long>(_offsets);
            var start = _blobs.Offset + offsets[row];
            return HyperLogLogCollector.FromBytes(_index.Span<byte>(new Section(start, offsets[row + 1] - offsets[row])));
        }

        private InvalidOperationException NotNumbers() => new($"Metric '{Schema.Name}' holds sketches, not numbers.");
    }

    /// <summary>A raw little-endian long, float or double column.</summary>
    private sealed class NumericValues
    {
        private readonly PersistedIndex _index;
        private readonly ColumnType _type;
        private readonly Section _section;

        public NumericValues(PersistedIndex index, ColumnType type, Section? section, string column)
        {
            _index = index;
            _type = type;
            _section = index.Check(section, type == ColumnType.Float ? sizeof(float) : sizeof(long), index.RowCount, column);
        }

        public void ReadLongs(int startRow, Span<long> destination)
        {
            switch (_type)
            {
                case ColumnType.Long:
                    _index.Slice<long>(_section, startRow, destination.Length).CopyTo(destination);
                    break;
                case ColumnType.Double:
                    Convert(_index.Slice<double>(_section, startRow, destination.Length), destination, static d => NumericInput.Truncate(d));
                    break;
                default:
                    Convert(_index.Slice<float>(_section, startRow, destination.Length), destination, static f => NumericInput.Truncate(f));
                    break;
            }
        }

        public void ReadDoubles(int startRow, Span<double> destination)
        {
            switch (_type)
            {
                case ColumnType.Long:
                    Convert(_index.Slice<long>(_section, startRow, destination.Length), destination, static l => (double)l);
                    break;
                case ColumnType.Double:
                    _index.Slice<double>(_section, startRow, destination.Length).CopyTo(destination);
                    break;
                default:
                    Convert(_index.Slice<float>(_section, startRow, destination.Length), destination, static f => (double)f);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination, Func<TFrom, TTo> convert)
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = convert(source[i]);
            }
        }
    }
}
