using System.Numerics;
using System.Text;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Query.Aggregation;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// One query aggregator bound to one index: folds the selected rows of each batch into per-group slots, reading
/// its column a batch at a time.
/// </summary>
internal abstract class QueryAggregator
{
    /// <summary>Makes room for slots 0 .. <paramref name="slots"/>-1.</summary>
    public abstract void Resize(int slots);

    /// <summary>Folds the selected rows of <paramref name="batch"/>, row k into slot <paramref name="slots"/>[k].</summary>
    public abstract void Aggregate(RowBatch batch, ReadOnlySpan<int> slots);

    /// <summary>Folds every selected row of <paramref name="batch"/> into <paramref name="slot"/>.</summary>
    public abstract void AggregateInto(RowBatch batch, int slot);

    /// <summary>The aggregated (unfinalized) value of a slot.</summary>
    public abstract object? Get(int slot);

    /// <summary>Binds <paramref name="factory"/> to <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentException">The aggregator cannot read the column it names.</exception>
    public static QueryAggregator Create(AggregatorFactory factory, IQueryableIndex index, int rowCount) => factory switch
    {
        CountAggregatorFactory => new CountAggregator(),
        NumericAggregatorFactory { ColumnType: ColumnType.Long } numeric =>
            new NumericAggregator<long>(NumericColumn.Create(index, numeric.FieldName).ReadLongs, numeric.Op, NumericOps.LongIdentity(numeric.Op), static v => v),
        NumericAggregatorFactory { ColumnType: ColumnType.Float } numeric =>
            new NumericAggregator<double>(NumericColumn.Create(index, numeric.FieldName).ReadDoubles, numeric.Op, NumericOps.DoubleIdentity(numeric.Op), static v => (float)v),
        NumericAggregatorFactory numeric =>
            new NumericAggregator<double>(NumericColumn.Create(index, numeric.FieldName).ReadDoubles, numeric.Op, NumericOps.DoubleIdentity(numeric.Op), static v => v),
        HyperUniqueAggregatorFactory hyperUnique => new SketchAggregator(index, [new Query.Dimensions.DefaultDimensionSpec { Dimension = hyperUnique.FieldName }], byRow: false, hyperUnique.FieldName),
        CardinalityAggregatorFactory cardinality => new SketchAggregator(index, cardinality.Fields, cardinality.ByRow, null),
        FilteredAggregatorFactory filtered => new FilteredAggregator(Create(filtered.Aggregator, index, rowCount), RowFilter.Create(filtered.Filter, index, rowCount)),
        FirstLastAggregatorFactory firstLast => new FirstLastAggregator(NumericColumn.Create(index, firstLast.FieldName), firstLast.IsLast, firstLast.ColumnType),
        _ => throw new ArgumentException($"The {factory.TypeName} aggregator '{factory.Name}' cannot be used in queries."),
    };

    /// <summary>The value of an aggregator over no rows, as empty time buckets report it.</summary>
    public static object? EmptyValue(AggregatorFactory factory, IQueryableIndex? index = null) => factory switch
    {
        CountAggregatorFactory => 0L,
        NumericAggregatorFactory { ColumnType: ColumnType.Long } numeric => NumericOps.LongIdentity(numeric.Op),
        NumericAggregatorFactory { ColumnType: ColumnType.Float } numeric => (float)NumericOps.DoubleIdentity(numeric.Op),
        NumericAggregatorFactory numeric => NumericOps.DoubleIdentity(numeric.Op),
        FilteredAggregatorFactory filtered => EmptyValue(filtered.Aggregator, index),
        _ => null,
    };

    private sealed class CountAggregator : QueryAggregator
    {
        private long[] _counts = [];

        public override void Resize(int slots) => Grow(ref _counts, slots, 0L);

        public override void Aggregate(RowBatch batch, ReadOnlySpan<int> slots)
        {
            var counts = _counts;
            foreach (var slot in slots)
            {
                counts[slot]++;
            }
        }

        public override void AggregateInto(RowBatch batch, int slot) => _counts[slot] += batch.SelectedCount;

        public override object? Get(int slot) => _counts[slot];
    }

    private sealed class NumericAggregator<T>(ColumnReader<T> read, NumericOp op, T identity, Func<T, object> box) : QueryAggregator
        where T : struct, INumber<T>
    {
        private readonly T[] _buffer = new T[RowBatch.Capacity];
        private T[] _values = [];

        public override void Resize(int slots) => Grow(ref _values, slots, identity);

        public override void Aggregate(RowBatch batch, ReadOnlySpan<int> slots)
        {
            read(batch.Start, _buffer.AsSpan(0, batch.Length));
            var selected = batch.SelectedOffsets;
            var values = _values;
            for (var k = 0; k < selected.Length; k++)
            {
                ref var target = ref values[slots[k]];
                target = Fold(target, _buffer[selected[k]]);
            }
        }

        public override void AggregateInto(RowBatch batch, int slot)
        {
            var buffer = _buffer.AsSpan(0, batch.Length);
            read(batch.Start, buffer);
            ref var target = ref _values[slot];
            if (op == NumericOp.Sum)
            {
                var sum = T.Zero;
                if (batch.IsDense)
                {
                    foreach (var value in buffer)
                    {
                        sum += value;
                    }
                }
                else
                {
                    foreach (var offset in batch.SelectedOffsets)
                    {
                        sum += buffer[offset];
                    }
                }

                target += sum;
                return;
            }

            foreach (var offset in batch.SelectedOffsets)
            {
                target = Fold(target, buffer[offset]);
            }
        }

        public override object? Get(int slot) => box(_values[slot]);

        private T Fold(T left, T right) => op switch
        {
            NumericOp.Sum => left + right,
            NumericOp.Min => T.Min(left, right),
            _ => T.Max(left, right),
        };
    }

    private sealed class FirstLastAggregator(NumericColumn column, bool last, ColumnType type) : QueryAggregator
    {
        private readonly double[] _buffer = new double[RowBatch.Capacity];
        private long[] _times = [];
        private double[] _values = [];
        private bool[] _seen = [];

        public override void Resize(int slots)
        {
            Grow(ref _times, slots, 0L);
            Grow(ref _values, slots, 0.0);
            Grow(ref _seen, slots, false);
        }

        public override void Aggregate(RowBatch batch, ReadOnlySpan<int> slots)
        {
            column.ReadDoubles(batch.Start, _buffer.AsSpan(0, batch.Length));
            var selected = batch.SelectedOffsets;
            for (var k = 0; k < selected.Length; k++)
            {
                Offer(slots[k], batch.Timestamps[selected[k]], _buffer[selected[k]]);
            }
        }

        public override void AggregateInto(RowBatch batch, int slot)
        {
            column.ReadDoubles(batch.Start, _buffer.AsSpan(0, batch.Length));
            foreach (var offset in batch.SelectedOffsets)
            {
                Offer(slot, batch.Timestamps[offset], _buffer[offset]);
            }
        }

        public override object? Get(int slot) => !_seen[slot]
            ? null
            : new TimedValue(_times[slot], type == ColumnType.Long ? (long)_values[slot] : _values[slot]);

        private void Offer(int slot, long time, double value)
        {
            if (!_seen[slot] || (last ? time >= _times[slot] : time < _times[slot]))
            {
                _seen[slot] = true;
                _times[slot] = time;
                _values[slot] = value;
            }
        }
    }

    private sealed class SketchAggregator : QueryAggregator
    {
        private readonly IMetricColumn? _sketches;
        private readonly DimensionSelector[] _fields;
        private readonly bool _byRow;
        private readonly StringBuilder _row = new();
        private HyperLogLogCollector?[] _collectors = [];

        public SketchAggregator(IQueryableIndex index, IReadOnlyList<Query.Dimensions.DimensionSpec> fields, bool byRow, string? sketchColumn)
        {
            _sketches = sketchColumn is not null && index.GetMetric(sketchColumn) is { Schema.Type: ColumnType.Complex } metric ? metric : null;
            _fields = fields.Select(f => new DimensionSelector(f, index)).ToArray();
            _byRow = byRow;
        }

        public override void Resize(int slots) => Grow(ref _collectors, slots, null);

        public override void Aggregate(RowBatch batch, ReadOnlySpan<int> slots)
        {
            var selected = batch.SelectedOffsets;
            for (var k = 0; k < selected.Length; k++)
            {
                Add(slots[k], batch.Start + selected[k], batch.Timestamps[selected[k]]);
            }
        }

        public override void AggregateInto(RowBatch batch, int slot)
        {
            foreach (var offset in batch.SelectedOffsets)
            {
                Add(slot, batch.Start + offset, batch.Timestamps[offset]);
            }
        }

        public override object? Get(int slot) => _collectors[slot] ?? new HyperLogLogCollector();

        private void Add(int slot, int row, long timestamp)
        {
            var collector = _collectors[slot] ??= new HyperLogLogCollector();
            if (_sketches is not null)
            {
                if (_sketches.GetComplex(row) is HyperLogLogCollector stored)
                {
                    collector.Fold(stored);
                }

                return;
            }

            if (!_byRow)
            {
                foreach (var field in _fields)
                {
                    foreach (var local in field.ReadRow(row, timestamp))
                    {
                        collector.Add(field.Values[local]);
                    }
                }

                return;
            }

            AddCombinations(collector, row, timestamp, 0);
        }

        // byRow hashes each combination of the fields' values, as Druid joins them with a separator.
        private void AddCombinations(HyperLogLogCollector collector, int row, long timestamp, int field)
        {
            if (field == _fields.Length)
            {
                collector.Add(_row.ToString());
                return;
            }

            var length = _row.Length;
            // Deeper fields read through their own selectors, so this field's list stays valid while it is walked.
            foreach (var local in _fields[field].ReadRow(row, timestamp))
            {
                if (field > 0)
                {
                    _row.Append('\u0001');
                }

                _row.Append(_fields[field].Values[local]);
                AddCombinations(collector, row, timestamp, field + 1);
                _row.Length = length;
            }
        }
    }

    private sealed class FilteredAggregator(QueryAggregator inner, RowFilter filter) : QueryAggregator
    {
        private readonly RowBatch _subset = new();
        private readonly bool[] _mask = new bool[RowBatch.Capacity];
        private readonly int[] _slots = new int[RowBatch.Capacity];

        public override void Resize(int slots) => inner.Resize(slots);

        public override void Aggregate(RowBatch batch, ReadOnlySpan<int> slots)
        {
            var count = Subset(batch, slots);
            if (count > 0)
            {
                inner.Aggregate(_subset, _slots.AsSpan(0, count));
            }
        }

        public override void AggregateInto(RowBatch batch, int slot)
        {
            if (Subset(batch, default) > 0)
            {
                inner.AggregateInto(_subset, slot);
            }
        }

        public override object? Get(int slot) => inner.Get(slot);

        private int Subset(RowBatch batch, ReadOnlySpan<int> slots)
        {
            var mask = _mask.AsSpan(0, batch.Length);
            filter.Match(batch.Start, mask);
            _subset.Start = batch.Start;
            _subset.Length = batch.Length;
            batch.Timestamps.AsSpan(0, batch.Length).CopyTo(_subset.Timestamps);
            var count = 0;
            var selected = batch.SelectedOffsets;
            for (var k = 0; k < selected.Length; k++)
            {
                if (mask[selected[k]])
                {
                    _subset.Selected[count] = selected[k];
                    if (!slots.IsEmpty)
                    {
                        _slots[count] = slots[k];
                    }

                    count++;
                }
            }

            _subset.SelectedCount = count;
            return count;
        }
    }

    private static void Grow<T>(ref T[] array, int size, T initial)
    {
        if (array.Length >= size)
        {
            return;
        }

        var start = array.Length;
        Array.Resize(ref array, Math.Max(size, array.Length * 2));
        array.AsSpan(start).Fill(initial);
    }
}
