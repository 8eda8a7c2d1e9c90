using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Filters;
using Realtime.Core.Query.Dimensions;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// The values of one dimension spec over one index, as small local ids: dictionary values are mapped through the
/// spec's extraction and filter once per dictionary id, then rows are read as ids. A row with no (kept) value reads
/// as the null value.
/// </summary>
internal sealed class DimensionSelector
{
    private const int Unmapped = -1;

    private readonly DimensionSpec _spec;
    private readonly IQueryableIndex _index;
    private readonly IDimensionColumn? _column;
    private readonly int[]? _localOfId;
    private readonly Dictionary<string, int> _localOfValue = new(StringComparer.Ordinal);
    private readonly List<string?> _values = [];
    private readonly int[] _ids = new int[RowBatch.Capacity];
    private readonly long[] _longs = new long[RowBatch.Capacity];
    private readonly double[] _doubles = new double[RowBatch.Capacity];
    private readonly List<int> _rowValues = [];
    private readonly RowBatch _single = new();
    private int _nullLocal = Unmapped;
    private long _lastTime = long.MinValue;
    private int _lastTimeLocal;

    public DimensionSelector(DimensionSpec spec, IQueryableIndex index)
    {
        _spec = spec;
        _index = index;
        if (spec.Dimension != DimensionFilter.TimeColumn)
        {
            _column = index.GetDimension(spec.Dimension);
            if (_column is { Schema.Type: ColumnType.String })
            {
                _localOfId = new int[_column.Cardinality];
                Array.Fill(_localOfId, Unmapped);
            }
        }
    }

    /// <summary>The value of each local id.</summary>
    public IReadOnlyList<string?> Values => _values;

    /// <summary>An upper bound of the local ids (the dictionary size plus the null value), or null when unbounded (numbers, time).</summary>
    public int? MaxLocals => _localOfId is not null ? _localOfId.Length + 1 : _column is null && _spec.Dimension != DimensionFilter.TimeColumn ? 1 : null;

    /// <summary>Whether every row has exactly one local id (so <see cref="ReadSingle"/> applies).</summary>
    public bool IsSingleValued => _column is not { Schema.Type: ColumnType.String, HasMultipleValues: true };

    /// <summary>Fills the local id of each selected row of <paramref name="batch"/>; only when <see cref="IsSingleValued"/>.</summary>
    public void ReadSingle(RowBatch batch, Span<int> locals)
    {
        var selected = batch.SelectedOffsets;
        if (_column is null && _spec.Dimension == DimensionFilter.TimeColumn)
        {
            for (var i = 0; i < selected.Length; i++)
            {
                locals[i] = TimeLocal(batch.Timestamps[selected[i]]);
            }

            return;
        }

        switch (_column)
        {
            case null:
                locals[..selected.Length].Fill(MapValue(null));
                return;
            case { Schema.Type: ColumnType.Long }:
                _column.ReadLongs(batch.Start, _longs.AsSpan(0, batch.Length));
                for (var i = 0; i < selected.Length; i++)
                {
                    locals[i] = MapText(DimensionValues.ToText(_longs[selected[i]]), _spec.ExtractionFn is { } fn ? fn.Apply(_longs[selected[i]]) : null);
                }

                return;
            case { Schema.Type: ColumnType.Float or ColumnType.Double }:
                _column.ReadDoubles(batch.Start, _doubles.AsSpan(0, batch.Length));
                for (var i = 0; i < selected.Length; i++)
                {
                    locals[i] = MapText(DimensionValues.ToText(_doubles[selected[i]]), _spec.ExtractionFn is { } fn ? fn.Apply(_doubles[selected[i]]) : null);
                }

                return;
        }

        var ids = _ids.AsSpan(0, batch.Length);
        _column.ReadIds(batch.Start, ids);
        for (var i = 0; i < selected.Length; i++)
        {
            locals[i] = LocalOfId(ids[selected[i]]);
        }
    }

    /// <summary>The local ids of one row (at least one; several for a multi-value row), valid until the next call.</summary>
    public List<int> ReadRow(int row, long timestamp)
    {
        _rowValues.Clear();
        if (_column is { Schema.Type: ColumnType.String, HasMultipleValues: true })
        {
            foreach (var id in _column.GetRowIds(row))
            {
                var local = _localOfId![id] != Unmapped ? _localOfId[id] : LocalOfId(id);
                if (_values[local] is not null && !_rowValues.Contains(local))
                {
                    _rowValues.Add(local);
                }
            }

            if (_rowValues.Count == 0)
            {
                _rowValues.Add(MapValue(null));
            }

            return _rowValues;
        }

        var batch = SingleRow(row, timestamp);
        Span<int> one = stackalloc int[1];
        ReadSingle(batch, one);
        _rowValues.Add(one[0]);
        return _rowValues;
    }

    private RowBatch SingleRow(int row, long timestamp)
    {
        _single.Start = row;
        _single.Length = 1;
        _single.Timestamps[0] = timestamp;
        _single.Selected[0] = 0;
        _single.SelectedCount = 1;
        return _single;
    }

    private int LocalOfId(int id)
    {
        var local = _localOfId![id];
        if (local == Unmapped)
        {
            local = MapValue(_column!.GetValue(id));
            _localOfId[id] = local;
        }

        return local;
    }

    private int TimeLocal(long timestamp)
    {
        if (timestamp != _lastTime)
        {
            _lastTime = timestamp;
            _lastTimeLocal = MapText(DimensionValues.ToText(timestamp), _spec.ExtractionFn is { } fn ? fn.Apply(timestamp) : null);
        }

        return _lastTimeLocal;
    }

    private int MapText(string? raw, string? extracted) => _spec.ExtractionFn is null ? MapValue(raw) : Local(extracted);

    private int MapValue(string? value) => Local(_spec.ExtractionFn is { } fn ? fn.Apply(string.IsNullOrEmpty(value) ? null : value) : value);

    private int Local(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            value = null;
        }

        if (!_spec.Keeps(value))
        {
            value = null;
        }

        if (value is null)
        {
            if (_nullLocal == Unmapped)
            {
                _nullLocal = _values.Count;
                _values.Add(null);
            }

            return _nullLocal;
        }

        if (!_localOfValue.TryGetValue(value, out var local))
        {
            local = _values.Count;
            _values.Add(value);
            _localOfValue.Add(value, local);
        }

        return local;
    }
}
