using System.Runtime.InteropServices;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// Maps fixed-width keys of small integers (a bucket slot and one local id per dimension) to dense group slots, with
/// open addressing over one flat key array so grouping allocates nothing per row.
/// </summary>
internal sealed class GroupTable(int width)
{
    private int[] _keys = new int[16 * width];
    private int[] _table = CreateTable(64);
    private int _count;

    /// <summary>The number of groups.</summary>
    public int Count => _count;

    /// <summary>The key of a group.</summary>
    public ReadOnlySpan<int> KeyOf(int slot) => _keys.AsSpan(slot * width, width);

    /// <summary>The slot of <paramref name="key"/>, added when new.</summary>
    public int GetOrAdd(ReadOnlySpan<int> key)
    {
        var mask = _table.Length - 1;
        var position = Hash(key) & mask;
        while (true)
        {
            var slot = _table[position];
            if (slot < 0)
            {
                return Add(key, position);
            }

            if (KeyOf(slot).SequenceEqual(key))
            {
                return slot;
            }

            position = (position + 1) & mask;
        }
    }

    private int Add(ReadOnlySpan<int> key, int position)
    {
        var slot = _count++;
        if (_keys.Length < _count * width)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        key.CopyTo(_keys.AsSpan(slot * width));
        _table[position] = slot;
        if (_count * 2 > _table.Length)
        {
            Rehash();
        }

        return slot;
    }

    private void Rehash()
    {
        var table = CreateTable(_table.Length * 2);
        var mask = table.Length - 1;
        for (var slot = 0; slot < _count; slot++)
        {
            var position = Hash(KeyOf(slot)) & mask;
            while (table[position] >= 0)
            {
                position = (position + 1) & mask;
            }

            table[position] = slot;
        }

        _table = table;
    }

    private static int Hash(ReadOnlySpan<int> key)
    {
        uint hash = 2166136261;
        foreach (var part in MemoryMarshal.AsBytes(key))
        {
            hash = (hash ^ part) * 16777619;
        }

        return (int)(hash ^ (hash >> 15));
    }

    private static int[] CreateTable(int size)
    {
        var table = new int[size];
        Array.Fill(table, -1);
        return table;
    }
}
