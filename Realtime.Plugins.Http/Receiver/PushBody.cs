using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// A push request's body, read whole into a pooled buffer (gzip decoded) and split into the JSON text of each event:
/// the elements of a JSON array, or the lines of NDJSON.
/// </summary>
internal sealed class PushBody : IDisposable
{
    private byte[] _buffer;

    private PushBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The body's bytes after decompression.</summary>
    public int Length { get; }

    /// <summary>The body's bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Reads <paramref name="body"/> to its end, refusing more than <paramref name="maxBytes"/> decoded bytes (413).</summary>
    /// <exception cref="PushRejectedException">The body is too large, or not valid gzip.</exception>
    public static async ValueTask<PushBody> ReadAsync(Stream body, bool gzip, long maxBytes, long? contentLength, CancellationToken cancellationToken)
    {
        if (!gzip && contentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var limit = (int)Math.Min(maxBytes, Array.MaxLength - 1);
        // One byte more than announced, so the read that finds the end of the body needs no larger buffer.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(gzip ? 64 * 1024 : (contentLength + 1) ?? 64 * 1024, 1, limit + 1L));
        var length = 0;
        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(maxBytes);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > limit)
            {
                throw TooLarge(maxBytes);
            }

            return new PushBody(buffer, length);
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new PushRejectedException(400, $"The body is not valid gzip (Content-Encoding: gzip): {e.Message}", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync();
            }
        }
    }

    /// <summary>The byte ranges of the objects of a JSON array body.</summary>
    /// <exception cref="PushRejectedException">The body is not JSON, not an array, or holds an element that is not an object (400).</exception>
    public List<Range> SplitJsonArray()
    {
        if (Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new PushRejectedException(400, "The body is empty: expected a JSON array of event objects.");
        }

        var events = new List<Range>();
        var reader = new Utf8JsonReader(Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new PushRejectedException(400, $"The body is a JSON {Describe(reader.TokenType)}, not an array of event objects.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new PushRejectedException(400, $"$[{events.Count}] is a JSON {Describe(reader.TokenType)}, not an event object.");
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                events.Add(start..(int)reader.BytesConsumed);
            }

            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new PushRejectedException(400,
                $"The body is not valid JSON at $[{events.Count}] (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {FirstSentence(e.Message)}", e);
        }

        return events;
    }

    /// <summary>The byte ranges of the non-blank lines of an NDJSON body, each with its 1-based line number.</summary>
    /// <exception cref="PushRejectedException">A line does not hold a JSON object (400).</exception>
    public List<(Range Event, int Line)> SplitLines()
    {
        var events = new List<(Range, int)>();
        var span = Span;
        var start = 0;
        for (var line = 1; start < span.Length; line++)
        {
            var newline = span[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : start + newline;
            var text = span[start..end];
            var first = text.IndexOfAnyExcept(" \t\r"u8);
            if (first >= 0)
            {
                if (text[first] != (byte)'{')
                {
                    throw new PushRejectedException(400, $"Line {line} of the NDJSON body is not a JSON object: it starts with '{(char)text[first]}'.");
                }

                events.Add(((start + first)..end, line));
            }

            start = end + 1;
        }

        return events;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private static PushRejectedException TooLarge(long maxBytes) =>
        new(413, $"The body is larger than the receiver's maxRequestBytes ({maxBytes} bytes after decompression): send smaller batches.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var path = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return path < 0 ? message : message[..path];
    }
}
