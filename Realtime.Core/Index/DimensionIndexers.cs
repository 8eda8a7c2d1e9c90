using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

/// <summary>
/// One dimension of an in-memory index: encodes input values into ints of the row key (its slots) and reads
/// them back as a column. Rows written before the dimension existed, and rows whose key was shortened because
/// its last dimensions held the default, read as the default (null, or 0 for numbers).
/// </summary>
/// <remarks>Encoding runs on the writer thread under the index's write lock; reads run under its read lock.</remarks>
internal abstract class DimensionIndexer(ColumnSchema schema, KeyTable rows, int slotOffset) : IDimensionColumn
{
    /// <inheritdoc />
    public ColumnSchema Schema { get; } = schema;

    /// <summary>Where the dimension's slots start in a row key.</summary>
    public int SlotOffset { get; } = slotOffset;

    /// <summary>How many ints of the row key the dimension takes.</summary>
    public abstract int SlotWidth { get; }

    /// <summary>An estimate of the memory the dimension holds besides the row keys.</summary>
    public abstract long EstimatedBytes { get; }

    /// <inheritdoc />
    public virtual bool HasMultipleValues => false;

    /// <inheritdoc />
    public virtual int Cardinality => 0;

    /// <inheritdoc />
    public bool IsDictionarySorted => false;

    /// <summary>The rows of the index the dimension belongs to.</summary>
    protected KeyTable Rows { get; } = rows;

    /// <summary>Encodes a raw input value into <paramref name="slots"/>.</summary>
    /// <returns>Null, or why the value could not be used (the default was stored instead).</returns>
    public abstract string? Encode(object? raw, Span<int> slots);

    /// <summary>Encodes the default value (null, or 0) into <paramref name="slots"/>.</summary>
    public abstract void EncodeDefault(Span<int> slots);

    /// <summary>Whether <paramref name="slots"/> hold the default value.</summary>
    public abstract bool IsDefault(ReadOnlySpan<int> slots);

    /// <inheritdoc />
    public virtual string? GetValue(int id) => throw NotStrings();

    /// <inheritdoc />
    public virtual int GetId(string? value) => throw NotStrings();

    /// <inheritdoc />
    public virtual void ReadIds(int startRow, Span<int> destination) => throw NotStrings();

    /// <inheritdoc />
    public virtual ReadOnlySpan<int> GetRowIds(int row) => throw NotStrings();

    /// <inheritdoc />
    public virtual void ReadLongs(int startRow, Span<long> destination) => throw NotNumbers();

    /// <inheritdoc />
    public virtual void ReadDoubles(int startRow, Span<double> destination) => throw NotNumbers();

    /// <summary>The slots of row <paramref name="row"/>, or null when the row key does not reach them (the default).</summary>
    protected ReadOnlySpan<int> SlotsOf(int row, out bool present)
    {
        var key = Rows.Get(row);
        present = key.Length >= SlotOffset + SlotWidth;
        return present ? key.Slice(SlotOffset, SlotWidth) : default;
    }

    /// <summary>Checks a batch read against the row count.</summary>
    protected void CheckRange(int startRow, int length) => LongMetricBuffer.CheckRange(startRow, length, Rows.Count);

    private InvalidOperationException NotStrings() => new($"Dimension '{Schema.Name}' is {Schema.Type}, not a string dimension.");

    private InvalidOperationException NotNumbers() => new($"Dimension '{Schema.Name}' is a string dimension; read it by dictionary ids.");
}

/// <summary>
/// A string dimension: values dictionary-encoded in first-seen order (null has an id of its own), sets of several
/// values sorted by value (Druid's <c>SORTED_ARRAY</c>) and stored once per distinct set.
/// </summary>
/// <remarks>An empty list is stored as null. A row's slot holds a value id, or −(set number + 1) for a set.</remarks>
internal sealed class StringDimensionIndexer : DimensionIndexer
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ChunkedList<string?> _values = new();
    private readonly KeyTable _sets = new();
    private readonly int[] _nullSlot = [-1];
    private readonly Comparison<int> _byValue;
    private int[] _setBuffer = new int[8];
    private long _bytes;

    public StringDimensionIndexer(string name, KeyTable rows, int slotOffset)
        : base(new ColumnSchema(name, ColumnType.String), rows, slotOffset)
    {
        _byValue = (a, b) => string.CompareOrdinal(_values[a], _values[b]);
        if (rows.Count > 0)
        {
            EnsureNull();
        }
    }

    public override int SlotWidth => 1;

    public override long EstimatedBytes => _bytes + _values.AllocatedBytes + _sets.AllocatedBytes;

    public override bool HasMultipleValues => _sets.Count > 0;

    public override int Cardinality => _values.Count;

    public override string? Encode(object? raw, Span<int> slots)
    {
        slots[0] = raw switch
        {
            string value => IdOf(value),
            null => EnsureNull(),
            System.Collections.IEnumerable => EncodeList(DimensionValues.Of(raw)),
            _ => IdOf(DimensionValues.ToText(raw)),
        };
        return null;
    }

    public override void EncodeDefault(Span<int> slots) => slots[0] = EnsureNull();

    public override bool IsDefault(ReadOnlySpan<int> slots) => _nullSlot[0] >= 0 && slots[0] == _nullSlot[0];

    public override string? GetValue(int id)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)id, (uint)_values.Count, nameof(id));
        return _values[id];
    }

    public override int GetId(string? value) => value is null ? _nullSlot[0] : _ids.GetValueOrDefault(value, -1);

    public override void ReadIds(int startRow, Span<int> destination)
    {
        if (HasMultipleValues)
        {
            throw new InvalidOperationException($"Dimension '{Schema.Name}' has rows with several values; read them with GetRowIds.");
        }

        CheckRange(startRow, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            var slots = SlotsOf(startRow + i, out var present);
            destination[i] = present ? slots[0] : _nullSlot[0];
        }
    }

    public override ReadOnlySpan<int> GetRowIds(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows.Count, nameof(row));
        var slots = SlotsOf(row, out var present);
        if (!present)
        {
            return _nullSlot;
        }

        return slots[0] >= 0 ? slots : _sets.Get(-slots[0] - 1);
    }

    private int EncodeList(IReadOnlyList<string?> values)
    {
        switch (values.Count)
        {
            case 0:
                return EnsureNull();
            case 1:
                return IdOf(values[0]);
        }

        if (_setBuffer.Length < values.Count)
        {
            _setBuffer = new int[values.Count * 2];
        }

        for (var i = 0; i < values.Count; i++)
        {
            _setBuffer[i] = IdOf(values[i]);
        }

        _setBuffer.AsSpan(0, values.Count).Sort(_byValue);
        return -_sets.GetOrAdd(_setBuffer.AsSpan(0, values.Count), out _) - 1;
    }

    private int IdOf(string? value)
    {
        if (value is null)
        {
            return EnsureNull();
        }

        ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_ids, value, out var exists);
        if (!exists)
        {
            id = _values.Add(value);
            _bytes += 64 + 2L * value.Length;
        }

        return id;
    }

    private int EnsureNull()
    {
        if (_nullSlot[0] < 0)
        {
            _nullSlot[0] = _values.Add(null);
        }

        return _nullSlot[0];
    }
}

/// <summary>A <c>long</c> dimension: two slots holding the value's high and low halves; absent or unparseable is 0.</summary>
internal sealed class LongDimensionIndexer(string name, KeyTable rows, int slotOffset)
    : DimensionIndexer(new ColumnSchema(name, ColumnType.Long), rows, slotOffset)
{
    public override int SlotWidth => 2;

    public override long EstimatedBytes => 0;

    public override string? Encode(object? raw, Span<int> slots)
    {
        var error = NumericInput.ReadLong(raw, Schema.Name, out var value, out _);
        Write(value, slots);
        return error;
    }

    public override void EncodeDefault(Span<int> slots) => Write(0, slots);

    public override bool IsDefault(ReadOnlySpan<int> slots) => slots[0] == 0 && slots[1] == 0;

    public override void ReadLongs(int startRow, Span<long> destination)
    {
        CheckRange(startRow, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Read(SlotsOf(startRow + i, out var present), present);
        }
    }

    public override void ReadDoubles(int startRow, Span<double> destination)
    {
        CheckRange(startRow, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Read(SlotsOf(startRow + i, out var present), present);
        }
    }

    internal static void Write(long value, Span<int> slots)
    {
        slots[0] = (int)(value >> 32);
        slots[1] = (int)value;
    }

    internal static long Read(ReadOnlySpan<int> slots, bool present) =>
        present ? ((long)slots[0] << 32) | (uint)slots[1] : 0;
}

/// <summary>A floating-point dimension: reads convert the stored value of each row.</summary>
internal abstract class FloatingDimensionIndexer(ColumnSchema schema, KeyTable rows, int slotOffset) : DimensionIndexer(schema, rows, slotOffset)
{
    public override void ReadLongs(int startRow, Span<long> destination)
    {
        CheckRange(startRow, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NumericInput.Truncate(ValueAt(startRow + i));
        }
    }

    public override void ReadDoubles(int startRow, Span<double> destination)
    {
        CheckRange(startRow, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ValueAt(startRow + i);
        }
    }

    /// <summary>The value stored for <paramref name="row"/>; 0 when absent.</summary>
    protected abstract double ValueAt(int row);
}

/// <summary>A <c>double</c> dimension: two slots holding the value's bits; absent or unparseable is 0.</summary>
internal sealed class DoubleDimensionIndexer(string name, KeyTable rows, int slotOffset)
    : FloatingDimensionIndexer(new ColumnSchema(name, ColumnType.Double), rows, slotOffset)
{
    public override int SlotWidth => 2;

    public override long EstimatedBytes => 0;

    public override string? Encode(object? raw, Span<int> slots)
    {
        var error = NumericInput.ReadDouble(raw, Schema.Name, out var value, out _);
        LongDimensionIndexer.Write(BitConverter.DoubleToInt64Bits(value), slots);
        return error;
    }

    public override void EncodeDefault(Span<int> slots) => LongDimensionIndexer.Write(0, slots);

    public override bool IsDefault(ReadOnlySpan<int> slots) => slots[0] == 0 && slots[1] == 0;

    protected override double ValueAt(int row) => BitConverter.Int64BitsToDouble(LongDimensionIndexer.Read(SlotsOf(row, out var present), present));
}

/// <summary>A <c>float</c> dimension: one slot holding the value's bits; absent or unparseable is 0.</summary>
internal sealed class FloatDimensionIndexer(string name, KeyTable rows, int slotOffset)
    : FloatingDimensionIndexer(new ColumnSchema(name, ColumnType.Float), rows, slotOffset)
{
    public override int SlotWidth => 1;

    public override long EstimatedBytes => 0;

    public override string? Encode(object? raw, Span<int> slots)
    {
        var error = NumericInput.ReadDouble(raw, Schema.Name, out var value, out _);
        slots[0] = BitConverter.SingleToInt32Bits((float)value);
        return error;
    }

    public override void EncodeDefault(Span<int> slots) => slots[0] = 0;

    public override bool IsDefault(ReadOnlySpan<int> slots) => slots[0] == 0;

    protected override double ValueAt(int row)
    {
        var slots = SlotsOf(row, out var present);
        return present ? BitConverter.Int32BitsToSingle(slots[0]) : 0f;
    }
}
