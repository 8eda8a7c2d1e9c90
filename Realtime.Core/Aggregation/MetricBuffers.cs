using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Collections;

namespace Realtime.Core.Aggregation;

/// <summary>
/// One metric column of an in-memory index: the aggregated values of every row, stored columnar, folded in
/// place as rows roll up.
/// </summary>
/// <remarks>Written by the index's writer thread under its write lock; read under its read lock.</remarks>
internal abstract class MetricBuffer(ColumnSchema schema, string? fieldName) : IMetricColumn
{
    /// <inheritdoc />
    public ColumnSchema Schema { get; } = schema;

    /// <summary>The input field folded into the column, or null when the column reads no field (<c>count</c>).</summary>
    public string? FieldName { get; } = fieldName;

    /// <summary>An estimate of the memory the column holds.</summary>
    public abstract long EstimatedBytes { get; }

    /// <summary>Appends a row holding the aggregator's identity.</summary>
    public abstract void AddRow();

    /// <summary>Folds an input row's raw value of <see cref="FieldName"/> into stored row <paramref name="row"/>.</summary>
    /// <returns>Null, or why the input value could not be used (it was then treated as absent).</returns>
    public abstract string? Aggregate(int row, object? raw);

    /// <inheritdoc />
    public abstract void ReadLongs(int startRow, Span<long> destination);

    /// <inheritdoc />
    public abstract void ReadDoubles(int startRow, Span<double> destination);

    /// <inheritdoc />
    public virtual object? GetComplex(int row) => null;
}

/// <summary>A 64-bit integer metric: <c>count</c> (no input field) or a long sum, min or max.</summary>
internal sealed class LongMetricBuffer(ColumnSchema schema, string? fieldName, NumericOp op) : MetricBuffer(schema, fieldName)
{
    private readonly ChunkedList<long> _values = new();
    private readonly long _identity = NumericOps.LongIdentity(op);

    public override long EstimatedBytes => _values.AllocatedBytes;

    public override void AddRow() => _values.Add(_identity);

    public override string? Aggregate(int row, object? raw)
    {
        if (FieldName is null)
        {
            _values[row]++;
            return null;
        }

        var error = NumericInput.ReadLong(raw, FieldName, out var value, out var present);
        if (present)
        {
            ref var stored = ref _values[row];
            stored = NumericOps.Fold(op, stored, value);
        }

        return error;
    }

    public override void ReadLongs(int startRow, Span<long> destination) => _values.CopyTo(startRow, destination);

    public override void ReadDoubles(int startRow, Span<double> destination)
    {
        CheckRange(startRow, destination.Length, _values.Count);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = _values[startRow + i];
        }
    }

    internal static void CheckRange(int startRow, int length, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, count - startRow, "destination");
    }
}

/// <summary>A 64-bit floating point metric: a double sum, min or max.</summary>
internal sealed class DoubleMetricBuffer(ColumnSchema schema, string fieldName, NumericOp op) : MetricBuffer(schema, fieldName)
{
    private readonly ChunkedList<double> _values = new();
    private readonly double _identity = NumericOps.DoubleIdentity(op);

    public override long EstimatedBytes => _values.AllocatedBytes;

    public override void AddRow() => _values.Add(_identity);

    public override string? Aggregate(int row, object? raw)
    {
        var error = NumericInput.ReadDouble(raw, FieldName!, out var value, out var present);
        if (present)
        {
            ref var stored = ref _values[row];
            stored = NumericOps.Fold(op, stored, value);
        }

        return error;
    }

    public override void ReadLongs(int startRow, Span<long> destination)
    {
        LongMetricBuffer.CheckRange(startRow, destination.Length, _values.Count);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NumericInput.Truncate(_values[startRow + i]);
        }
    }

    public override void ReadDoubles(int startRow, Span<double> destination) => _values.CopyTo(startRow, destination);
}

/// <summary>A 32-bit floating point metric: a float sum, min or max, folded in float arithmetic as Druid does.</summary>
internal sealed class FloatMetricBuffer(ColumnSchema schema, string fieldName, NumericOp op) : MetricBuffer(schema, fieldName)
{
    private readonly ChunkedList<float> _values = new();
    private readonly float _identity = (float)NumericOps.DoubleIdentity(op);

    public override long EstimatedBytes => _values.AllocatedBytes;

    public override void AddRow() => _values.Add(_identity);

    public override string? Aggregate(int row, object? raw)
    {
        var error = NumericInput.ReadDouble(raw, FieldName!, out var value, out var present);
        if (present)
        {
            ref var stored = ref _values[row];
            stored = NumericOps.Fold(op, stored, (float)value);
        }

        return error;
    }

    public override void ReadLongs(int startRow, Span<long> destination)
    {
        LongMetricBuffer.CheckRange(startRow, destination.Length, _values.Count);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NumericInput.Truncate(_values[startRow + i]);
        }
    }

    public override void ReadDoubles(int startRow, Span<double> destination)
    {
        LongMetricBuffer.CheckRange(startRow, destination.Length, _values.Count);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = _values[startRow + i];
        }
    }
}

/// <summary>A <c>hyperUnique</c> metric: one HyperLogLog sketch per row, created when the row gets its first value.</summary>
internal sealed class HyperUniqueMetricBuffer(ColumnSchema schema, string fieldName, bool isInputHyperUnique) : MetricBuffer(schema, fieldName)
{
    private readonly ChunkedList<HyperLogLogCollector?> _values = new();
    private long _sketchBytes;

    public override long EstimatedBytes => _values.AllocatedBytes + _sketchBytes;

    public override void AddRow() => _values.Add(null);

    public override string? Aggregate(int row, object? raw)
    {
        if (raw is null)
        {
            return null;
        }

        ref var stored = ref _values[row];
        var collector = stored ??= new HyperLogLogCollector();
        var before = collector.EstimatedBytes;
        var error = isInputHyperUnique ? HyperUniqueAggregatorFactory.FoldSketch(collector, raw, FieldName!) : AddValues(collector, raw);
        _sketchBytes += collector.EstimatedBytes - before;
        return error;
    }

    public override void ReadLongs(int startRow, Span<long> destination) =>
        throw new InvalidOperationException($"Metric '{Schema.Name}' holds sketches, not numbers.");

    public override void ReadDoubles(int startRow, Span<double> destination) =>
        throw new InvalidOperationException($"Metric '{Schema.Name}' holds sketches, not numbers.");

    /// <remarks>The returned sketch is the stored one: it must not be modified and may change once the read lock is released.</remarks>
    public override object? GetComplex(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)_values.Count, nameof(row));
        return _values[row] ?? new HyperLogLogCollector();
    }

    private static string? AddValues(HyperLogLogCollector collector, object raw)
    {
        if (raw is string text)
        {
            collector.Add(text);
            return null;
        }

        foreach (var value in DimensionValues.Of(raw))
        {
            collector.Add(value);
        }

        return null;
    }
}
