using System.Runtime.CompilerServices;

namespace Realtime.Core.Collections;

/// <summary>
/// A growable list stored in fixed-size chunks, so that growing never copies the elements.
/// </summary>
/// <remarks>One writer; readers must be excluded by the owner's lock while it appends.</remarks>
internal sealed class ChunkedList<T>
{
    private const int Shift = 13;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    private T[][] _chunks = new T[4][];
    private int _chunkCount;

    /// <summary>The number of elements.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes held by the allocated chunks.</summary>
    public long AllocatedBytes => (long)_chunkCount * ChunkSize * Unsafe.SizeOf<T>() + 8L * _chunks.Length;

    /// <summary>The element at <paramref name="index"/>, by reference.</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[index >> Shift][index & Mask];
    }

    /// <summary>Appends an element and returns its index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(T value)
    {
        var index = Count;
        if ((index & Mask) == 0 && index >> Shift == _chunkCount)
        {
            AddChunk();
        }

        _chunks[index >> Shift][index & Mask] = value;
        Count = index + 1;
        return index;
    }

    /// <summary>Copies <paramref name="destination"/>.Length elements starting at <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range extends past <see cref="Count"/>.</exception>
    public void CopyTo(int start, Span<T> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destination.Length, Count - start, nameof(destination));
        while (!destination.IsEmpty)
        {
            var offset = start & Mask;
            var take = Math.Min(ChunkSize - offset, destination.Length);
            _chunks[start >> Shift].AsSpan(offset, take).CopyTo(destination);
            destination = destination[take..];
            start += take;
        }
    }

    private void AddChunk()
    {
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[_chunkCount++] = NewChunk<T>(ChunkSize);
    }

    /// <summary>
    /// A chunk for long-lived index data. Chunks without references go to the pinned object heap, which the
    /// collector never compacts, so they are not copied from generation to generation as the index grows.
    /// </summary>
    internal static TElement[] NewChunk<TElement>(int length) =>
        RuntimeHelpers.IsReferenceOrContainsReferences<TElement>() ? new TElement[length] : GC.AllocateUninitializedArray<TElement>(length, pinned: true);
}
