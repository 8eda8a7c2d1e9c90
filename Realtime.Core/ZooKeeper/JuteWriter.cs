using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Realtime.Core.ZooKeeper;

/// <summary>
/// Writes one frame of ZooKeeper's jute encoding: a 4-byte big-endian length, then big-endian integers, booleans as
/// one byte, and strings, buffers and vectors as an int length (-1 for null) followed by their bytes or items.
/// </summary>
internal sealed class JuteWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64);

    /// <summary>Starts a frame; its length is filled in by <see cref="ToFrame"/>.</summary>
    public JuteWriter() => WriteInt(0);

    public void WriteInt(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(sizeof(int)), value);

    public void WriteLong(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(sizeof(long)), value);

    public void WriteBool(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        value.CopyTo(Take(value.Length));
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt(length);
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    public void WriteStrings(IReadOnlyCollection<string> values)
    {
        WriteInt(values.Count);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    /// <summary>The finished frame, its length prefix set.</summary>
    public byte[] ToFrame()
    {
        var frame = _buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - sizeof(int));
        return frame;
    }

    private Span<byte> Take(int length)
    {
        var span = _buffer.GetSpan(length)[..length];
        _buffer.Advance(length);
        return span;
    }
}
