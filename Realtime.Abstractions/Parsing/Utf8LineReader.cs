using System.Buffers;

namespace Realtime.Abstractions.Parsing;

/// <summary>
/// Splits a stream of UTF-8 text into lines without decoding it: each line is a span over one large buffer, valid
/// until the next <see cref="MoveNext"/>. Blank lines are skipped, <c>\r\n</c> endings and a leading byte order mark
/// are removed, and the last line needs no newline.
/// </summary>
/// <remarks>Reads synchronously; one thread at a time. Lines longer than the buffer grow it.</remarks>
public sealed class Utf8LineReader : IDisposable
{
    private const int DefaultBufferSize = 256 * 1024;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Blank => " \t\r"u8;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private int _lineStart;
    private int _lineLength;

    /// <summary>Reads lines from <paramref name="stream"/>, which the reader disposes.</summary>
    public Utf8LineReader(Stream stream, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The 1-based number of the current line in the stream, counting blank lines.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line's bytes, without its line ending.</summary>
    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>Advances to the next line that is not blank; false at the end of the stream.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                if (Accept(_start, newline))
                {
                    return true;
                }

                continue;
            }

            if (_endOfStream)
            {
                return pending.Length > 0 && Accept(_start, pending.Length);
            }

            Fill();
        }
    }

    /// <summary>Takes <paramref name="length"/> bytes at <paramref name="start"/> (and the newline after them) as the next line.</summary>
    private bool Accept(int start, int length)
    {
        _start = Math.Min(start + length + 1, _end);
        LineNumber++;
        var line = _buffer.AsSpan(start, length);
        if (line.EndsWith((byte)'\r'))
        {
            line = line[..^1];
        }

        if (LineNumber == 1 && line.StartsWith(ByteOrderMark))
        {
            start += ByteOrderMark.Length;
            line = line[ByteOrderMark.Length..];
        }

        _lineStart = start;
        _lineLength = line.Length;
        return line.IndexOfAnyExcept(Blank) >= 0;
    }

    /// <summary>Moves unread bytes to the front of the buffer (growing it when a line fills it) and reads more.</summary>
    private void Fill()
    {
        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }

    /// <summary>Returns the buffer and disposes the stream.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
