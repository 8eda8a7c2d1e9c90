using System.Runtime.InteropServices;

namespace Realtime.Core.Collections;

/// <summary>Compares int arrays by their elements; spans of ints look them up without an array.</summary>
internal sealed class IntArrayComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
{
    public static readonly IntArrayComparer Instance = new();

    public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] obj) => GetHashCode((ReadOnlySpan<int>)obj);

    public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<int> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(alternate));
        return hash.ToHashCode();
    }

    public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
}
