namespace Realtime.Core.Index;

/// <summary>
/// Order-preserving int encodings of key values: comparing the ints as signed numbers, most significant first,
/// orders the values. Times and longs take two ints, doubles two, floats one.
/// </summary>
internal static class SortableBits
{
    public static void WriteLong(long value, Span<int> slots, int at)
    {
        slots[at] = (int)(value >> 32);
        slots[at + 1] = (int)((uint)value ^ 0x80000000u);
    }

    public static long ReadLong(ReadOnlySpan<int> slots, int at) => ((long)slots[at] << 32) | ((uint)slots[at + 1] ^ 0x80000000u);

    public static long FromDouble(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        return bits ^ ((bits >> 63) & long.MaxValue);
    }

    public static double ToDouble(long sortable) => BitConverter.Int64BitsToDouble(sortable ^ ((sortable >> 63) & long.MaxValue));

    public static int FromFloat(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return bits ^ ((bits >> 31) & int.MaxValue);
    }

    public static float ToFloat(int sortable) => BitConverter.Int32BitsToSingle(sortable ^ ((sortable >> 31) & int.MaxValue));
}
