using System.Buffers.Binary;
using System.Text;

namespace Realtime.Core.ZooKeeper;

/// <summary>Reads ZooKeeper's jute encoding (see <see cref="JuteWriter"/>) from a received frame's payload.</summary>
/// <exception cref="InvalidDataException">The payload ends early or holds a negative length where one is not allowed.</exception>
internal sealed class JuteReader(ReadOnlyMemory<byte> payload)
{
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => payload.Length - _position;

    /// <summary>The bytes not read yet, without reading them.</summary>
    public ReadOnlyMemory<byte> Rest => payload[_position..];

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long)));

    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>A buffer; null when its length is -1.</summary>
    public byte[]? ReadBuffer()
    {
        var length = ReadInt();
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>A string; null when its length is -1.</summary>
    public string? ReadString()
    {
        var length = ReadInt();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A vector of strings; null when its count is -1.</summary>
    public List<string>? ReadStrings()
    {
        var count = ReadInt();
        if (count < 0)
        {
            return null;
        }

        var values = new List<string>(Math.Min(count, Remaining / sizeof(int)));
        for (var i = 0; i < count; i++)
        {
            values.Add(ReadString() ?? throw new InvalidDataException("A null string in a vector of strings."));
        }

        return values;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw new InvalidDataException($"A ZooKeeper record ends early: {length} bytes wanted, {Remaining} left.");
        }

        var span = payload.Span.Slice(_position, length);
        _position += length;
        return span;
    }
}
