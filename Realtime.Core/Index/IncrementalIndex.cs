using System.Text;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;

namespace Realtime.Core.Index;

/// <summary>
/// The in-memory index of a sink's current hydrant: rows keyed by truncated time and dimension values, folded by
/// the schema's aggregators as they arrive, readable by queries at once.
/// </summary>
/// <remarks>
/// Each row is stored as a key of ints (time, then each dimension's dictionary ids or numeric bits) in a hash
/// table, with its metrics in columns. One thread calls <see cref="Add"/>; each add runs under the write side
/// of an <see cref="IndexLock"/>, so a reader holding <see cref="LockForRead"/> never sees a half-added row or a
/// half-applied rollup. Rows are kept in insertion order and dictionaries in first-seen order.
/// </remarks>
internal sealed class IncrementalIndex : IIncrementalIndex
{
    private const int TimeSlots = 2;

    private readonly IndexSchema _schema;
    private readonly IndexLock _lock = new();
    private readonly KeyTable _rows = new();
    private readonly MetricBuffer[] _metrics;
    private readonly Dictionary<string, MetricBuffer> _metricsByName;
    private readonly List<DimensionIndexer> _dimensionList = [];
    private readonly Dictionary<string, int> _dimensionPositions = new(StringComparer.Ordinal);
    private volatile DimensionIndexer[] _dimensions = [];
    private volatile Dictionary<string, DimensionIndexer> _dimensionsByName = new(StringComparer.Ordinal);
    private volatile ColumnSchema[] _dimensionSchemas = [];
    private readonly RowFieldReader _inputs;
    private readonly int[] _metricInputs;
    private readonly object?[] _raw;
    private int[] _key = new int[64];
    private int[] _touched = [];
    private int _addNumber;
    private int _slotCount = TimeSlots;
    private bool _disposed;
    private long _minTime = long.MaxValue;

    /// <summary>Creates an empty index.</summary>
    /// <param name="schema">Dimensions, aggregators, granularity and rollup.</param>
    /// <param name="interval">The segment interval; rows are stamped no earlier than its start.</param>
    /// <param name="previousDimensions">For schemaless schemas, the dimensions (and order) of the sink's earlier hydrant.</param>
    public IncrementalIndex(IndexSchema schema, Interval interval, IReadOnlyList<ColumnSchema>? previousDimensions = null)
    {
        _schema = schema;
        Interval = interval;
        _metrics = schema.Aggregators.Select(a => a.CreateBuffer()).ToArray();
        _metricsByName = _metrics.ToDictionary(m => m.Schema.Name, StringComparer.Ordinal);
        Metrics = schema.Metrics;
        foreach (var dimension in schema.IsSchemaless ? previousDimensions ?? [] : schema.Dimensions)
        {
            AddDimension(dimension);
        }

        // Read by position: the explicit dimensions (a schemaless index reads the row's own), then each metric's field.
        var explicitDimensions = schema.IsSchemaless ? [] : _dimensionList.Select(d => d.Schema.Name).ToArray();
        var metricFields = _metrics.Select(m => m.FieldName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        _inputs = new RowFieldReader([.. explicitDimensions, .. metricFields]);
        _metricInputs = _metrics.Select(m => m.FieldName is null ? -1 : explicitDimensions.Length + metricFields.IndexOf(m.FieldName)).ToArray();
        _raw = new object?[_inputs.Count];
    }

    /// <inheritdoc />
    public Interval Interval { get; }

    /// <inheritdoc />
    public int RowCount => _rows.Count;

    /// <inheritdoc />
    public long? MinTime => _rows.Count == 0 ? null : _minTime;

    /// <inheritdoc />
    public IReadOnlyList<ColumnSchema> Dimensions => _dimensionSchemas;

    /// <inheritdoc />
    public IReadOnlyList<ColumnSchema> Metrics { get; }

    /// <inheritdoc />
    public long EstimatedBytes
    {
        get
        {
            var bytes = _rows.AllocatedBytes + 4L * _key.Length;
            foreach (var dimension in _dimensions)
            {
                bytes += dimension.EstimatedBytes;
            }

            foreach (var metric in _metrics)
            {
                bytes += metric.EstimatedBytes;
            }

            return bytes;
        }
    }

    /// <inheritdoc />
    /// <remarks>Called by one writer thread. A field that cannot be parsed is stored as its default and reported.</remarks>
    public IndexAddResult Add(InputRow row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var time = Math.Max(_schema.QueryGranularity.BucketStart(row.TimestampMillis), Interval.StartMillis);
        string? error = null;
        _lock.EnterWrite();
        try
        {
            _inputs.Read(row, _raw);
            var length = _schema.IsSchemaless ? EncodeDiscovered(row, ref error) : EncodeExplicit(ref error);
            _key[0] = (int)(time >> 32);
            _key[1] = (int)time;
            if (_schema.IsSchemaless)
            {
                length = Trim(length);
            }

            var key = _key.AsSpan(0, length);
            int ordinal;
            var added = true;
            ordinal = _schema.Rollup ? _rows.GetOrAdd(key, out added) : _rows.Append(key);
            _minTime = Math.Min(_minTime, time);
            for (var m = 0; m < _metrics.Length; m++)
            {
                var metric = _metrics[m];
                if (added)
                {
                    metric.AddRow();
                }

                var input = _metricInputs[m];
                Append(ref error, metric.Aggregate(ordinal, input < 0 ? null : _raw[input]));
            }

            return new IndexAddResult(_rows.Count, error);
        }
        finally
        {
            _lock.ExitWrite();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// While a lease is held the writer waits, so keep reads short. Leases are not reentrant: a thread holding
    /// one must not take another on the same index (it could wait behind a waiting writer). A lease may be
    /// disposed on any thread.
    /// </remarks>
    public IDisposable LockForRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _lock.EnterRead();
    }

    /// <inheritdoc />
    public void ReadTimestamps(int startRow, Span<long> destination)
    {
        LongMetricBuffer.CheckRange(startRow, destination.Length, _rows.Count);
        for (var i = 0; i < destination.Length; i++)
        {
            var key = _rows.Get(startRow + i);
            destination[i] = ((long)key[0] << 32) | (uint)key[1];
        }
    }

    /// <inheritdoc />
    public IDimensionColumn? GetDimension(string name) => _dimensionsByName.GetValueOrDefault(name);

    /// <inheritdoc />
    public IMetricColumn? GetMetric(string name) => _metricsByName.GetValueOrDefault(name);

    /// <inheritdoc />
    public void Dispose() => _disposed = true;

    private int EncodeExplicit(ref string? error)
    {
        var dimensions = _dimensions;
        for (var d = 0; d < dimensions.Length; d++)
        {
            var dimension = dimensions[d];
            Append(ref error, dimension.Encode(_raw[d], _key.AsSpan(dimension.SlotOffset, dimension.SlotWidth)));
        }

        return _slotCount;
    }

    private int EncodeDiscovered(InputRow row, ref string? error)
    {
        var stamp = ++_addNumber;
        foreach (var name in row.Dimensions)
        {
            if (!_dimensionPositions.TryGetValue(name, out var position))
            {
                position = AddDimension(new ColumnSchema(name, ColumnType.String));
            }

            _touched[position] = stamp;
            var dimension = _dimensionList[position];
            Append(ref error, dimension.Encode(row.GetRaw(name), _key.AsSpan(dimension.SlotOffset, dimension.SlotWidth)));
        }

        for (var position = 0; position < _dimensionList.Count; position++)
        {
            if (_touched[position] != stamp)
            {
                var dimension = _dimensionList[position];
                dimension.EncodeDefault(_key.AsSpan(dimension.SlotOffset, dimension.SlotWidth));
            }
        }

        return _slotCount;
    }

    /// <summary>
    /// Drops trailing dimensions holding their default, so rows written before a dimension was discovered stay
    /// equal to new ones. Explicit schemas never add dimensions, so their keys are always full width.
    /// </summary>
    private int Trim(int length)
    {
        for (var position = _dimensionList.Count - 1; position >= 0; position--)
        {
            var dimension = _dimensionList[position];
            if (!dimension.IsDefault(_key.AsSpan(dimension.SlotOffset, dimension.SlotWidth)))
            {
                break;
            }

            length = dimension.SlotOffset;
        }

        return length;
    }

    private int AddDimension(ColumnSchema schema)
    {
        DimensionIndexer dimension = schema.Type switch
        {
            ColumnType.String => new StringDimensionIndexer(schema.Name, _rows, _slotCount),
            ColumnType.Long => new LongDimensionIndexer(schema.Name, _rows, _slotCount),
            ColumnType.Float => new FloatDimensionIndexer(schema.Name, _rows, _slotCount),
            ColumnType.Double => new DoubleDimensionIndexer(schema.Name, _rows, _slotCount),
            _ => throw new ArgumentException($"Dimension '{schema.Name}' cannot be of type {schema.Type}.", nameof(schema)),
        };
        _slotCount += dimension.SlotWidth;
        if (_key.Length < _slotCount)
        {
            Array.Resize(ref _key, _slotCount * 2);
        }

        var position = _dimensionList.Count;
        _dimensionList.Add(dimension);
        _dimensionPositions[schema.Name] = position;
        if (_touched.Length <= position)
        {
            Array.Resize(ref _touched, Math.Max(16, position * 2));
        }

        _dimensions = _dimensionList.ToArray();
        _dimensionSchemas = _dimensionList.Select(d => d.Schema).ToArray();
        _dimensionsByName = new Dictionary<string, DimensionIndexer>(_dimensionsByName, StringComparer.Ordinal) { [schema.Name] = dimension };
        return position;
    }

    private static void Append(ref string? error, string? next)
    {
        if (next is not null)
        {
            error = error is null ? next : new StringBuilder(error).Append("; ").Append(next).ToString();
        }
    }
}
