using System.Numerics;
using System.Runtime.CompilerServices;
using Realtime.Core.Collections;

namespace Realtime.Core.Index;

/// <summary>
/// Stores variable-length keys of ints, numbered in insertion order, in chunked storage (a key never straddles
/// two chunks). With <see cref="GetOrAdd"/> it is also a hash set: an equal key gets the number of the first one.
/// Used for the rows of an in-memory index (time and dimension ids) and for the value sets of multi-value dimensions.
/// </summary>
/// <remarks>One writer; readers must be excluded by the owner's lock while it adds.</remarks>
internal sealed class KeyTable
{
    private const int ChunkShift = 14;
    private const int ChunkSize = 1 << ChunkShift;

    private readonly ChunkedList<int> _positions = new();
    private int[][] _chunks = new int[4][];
    private int _chunkCount;
    private int _used = ChunkSize;
    // Each slot holds a key's hash (high half) and its number + 1 (low half, 0 when empty): one cache line per probe.
    private long[] _slots = [];
    private int _mask = -1;

    /// <summary>The number of keys.</summary>
    public int Count => _positions.Count;

    /// <summary>The bytes held by key storage and the hash slots.</summary>
    public long AllocatedBytes => (long)_chunkCount * ChunkSize * 4 + _positions.AllocatedBytes + 8L * _slots.Length;

    /// <summary>The key numbered <paramref name="ordinal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> Get(int ordinal)
    {
        var position = _positions[ordinal];
        var chunk = _chunks[position >> ChunkShift];
        var offset = position & (ChunkSize - 1);
        return chunk.AsSpan(offset + 1, chunk[offset]);
    }

    /// <summary>Appends a key without looking for an equal one; returns its number.</summary>
    public int Append(ReadOnlySpan<int> key) => _positions.Add(Store(key));

    /// <summary>The number of the key equal to <paramref name="key"/>, adding it when there is none.</summary>
    public int GetOrAdd(ReadOnlySpan<int> key, out bool added)
    {
        if (Count >= (_slots.Length >> 2) * 3)
        {
            Grow();
        }

        var hash = Hash(key);
        var slot = hash & _mask;
        while (true)
        {
            var stored = _slots[slot];
            if (stored == 0)
            {
                break;
            }

            if ((int)(stored >> 32) == hash && Get((int)stored - 1).SequenceEqual(key))
            {
                added = false;
                return (int)stored - 1;
            }

            slot = (slot + 1) & _mask;
        }

        var ordinal = Append(key);
        _slots[slot] = ((long)hash << 32) | (uint)(ordinal + 1);
        added = true;
        return ordinal;
    }

    private static int Hash(ReadOnlySpan<int> key)
    {
        var hash = (ulong)key.Length * 0x9E3779B97F4A7C15UL;
        foreach (var value in key)
        {
            hash = (BitOperations.RotateLeft(hash, 23) ^ (uint)value) * 0x9E3779B97F4A7C15UL;
        }

        hash ^= hash >> 29;
        return (int)hash ^ (int)(hash >> 32);
    }

    private int Store(ReadOnlySpan<int> key)
    {
        var length = key.Length + 1;
        if (length > ChunkSize)
        {
            throw new ArgumentException($"A row key of {key.Length} ints is longer than the {ChunkSize - 1} an index supports.", nameof(key));
        }

        if (_used + length > ChunkSize)
        {
            if (_chunkCount == _chunks.Length)
            {
                Array.Resize(ref _chunks, _chunks.Length * 2);
            }

            _chunks[_chunkCount++] = ChunkedList<int>.NewChunk<int>(ChunkSize);
            _used = 0;
        }

        var chunk = _chunks[_chunkCount - 1];
        chunk[_used] = key.Length;
        key.CopyTo(chunk.AsSpan(_used + 1));
        var position = ((_chunkCount - 1) << ChunkShift) | _used;
        _used += length;
        return position;
    }

    private void Grow()
    {
        var capacity = Math.Max(64, _slots.Length * 2);
        var slots = new long[capacity];
        var mask = capacity - 1;
        foreach (var stored in _slots)
        {
            if (stored == 0)
            {
                continue;
            }

            var slot = (int)(stored >> 32) & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = stored;
        }

        _slots = slots;
        _mask = mask;
    }
}
