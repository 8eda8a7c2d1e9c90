using System.Buffers;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

// A metric on disk, raw numbers or offset-prefixed sketches: its writer and its reader.
internal static partial class SegmentWriter
{
    private static MetricMetadata WriteMetric(DataFileWriter writer, MergePlan plan, AggregatorFactory aggregator)
    {
        var meta = new MetricMetadata { Name = aggregator.Name, Type = aggregator.ColumnType, ComplexTypeName = aggregator.ComplexTypeName };
        var columns = plan.Sources.Select(s => s.GetMetric(aggregator.Name)
            ?? throw new InvalidOperationException($"An index being merged has no metric '{aggregator.Name}'.")).ToArray();
        var combining = aggregator.GetCombiningFactory();
        switch (combining)
        {
            case NumericAggregatorFactory numeric when aggregator.ColumnType == ColumnType.Long:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadLongs(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case NumericAggregatorFactory numeric when aggregator.ColumnType == ColumnType.Float:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadFloats(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case NumericAggregatorFactory numeric:
                meta.Values = WriteCombined(writer, plan, columns.Select((c, s) => ReadDoubles(c, plan.RowCounts[s])).ToArray(), (a, b) => NumericOps.Fold(numeric.Op, a, b));
                break;
            case HyperUniqueAggregatorFactory:
                meta.Offsets = WriteSketches(writer, plan, columns, out var values);
                meta.Values = values;
                break;
            default:
                throw new NotSupportedException($"Metric '{aggregator.Name}' of type {aggregator.TypeName} cannot be persisted.");
        }

        return meta;
    }

    /// <summary>Folds the sources' values of a metric into output rows and writes them as a section; returns the sources' buffers to the pool.</summary>
    private static Section WriteCombined<T>(DataFileWriter writer, MergePlan plan, T[][] sourceValues, Func<T, T, T> fold)
        where T : unmanaged
    {
        using var output = new PooledSpan<T>(plan.OutputRows);
        plan.Combine(sourceValues, fold, output.Span);
        foreach (var values in sourceValues)
        {
            ArrayPool<T>.Shared.Return(values);
        }

        return writer.Write<T>(output.Span);
    }

    private static long[] ReadLongs(IMetricColumn column, int rows)
    {
        var values = ArrayPool<long>.Shared.Rent(rows);
        column.ReadLongs(0, values.AsSpan(0, rows));
        return values;
    }

    private static double[] ReadDoubles(IMetricColumn column, int rows)
    {
        var values = ArrayPool<double>.Shared.Rent(rows);
        column.ReadDoubles(0, values.AsSpan(0, rows));
        return values;
    }

    private static float[] ReadFloats(IMetricColumn column, int rows)
    {
        using var doubles = new PooledSpan<double>(rows);
        column.ReadDoubles(0, doubles.Span);
        var values = ArrayPool<float>.Shared.Rent(rows);
        for (var row = 0; row < rows; row++)
        {
            values[row] = (float)doubles.Span[row];
        }

        return values;
    }

    private static Section WriteSketches(DataFileWriter writer, MergePlan plan, IMetricColumn[] columns, out Section values)
    {
        var offsets = new long[plan.OutputRows + 1];
        var buffer = new byte[HyperLogLogCollector.RegisterCount + 16];
        var start = writer.BeginSection();
        for (var row = 0; row < plan.OutputRows; row++)
        {
            HyperLogLogCollector? combined = null;
            var owned = false;
            foreach (var (source, sourceRow) in plan.Contributors(row))
            {
                var sketch = columns[source].GetComplex(sourceRow) as HyperLogLogCollector
                    ?? throw new InvalidOperationException($"Metric '{columns[source].Schema.Name}' of an index being merged does not hold hyperUnique sketches.");
                if (combined is null)
                {
                    combined = sketch;
                    continue;
                }

                if (!owned)
                {
                    combined = combined.Clone();
                    owned = true;
                }

                combined.Fold(sketch);
            }

            var length = combined!.SerializedLength;
            combined.WriteTo(buffer);
            writer.Append(buffer.AsSpan(0, length));
            offsets[row + 1] = offsets[row] + length;
        }

        values = writer.EndSection(start);
        return writer.Write<long>(offsets);
    }
}

internal sealed unsafe partial class PersistedIndex
{
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
}
