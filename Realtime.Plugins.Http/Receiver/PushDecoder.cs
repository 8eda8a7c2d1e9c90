using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// Turns a push's body into rows: reads it whole, splits it into the JSON text of each event and parses every event with
/// the pipeline's parser, so that a batch is refused whole before any of it is taken.
/// </summary>
/// <remarks>Thread-safe: requests read their bodies concurrently and take turns on the parser, which serves one thread at a time.</remarks>
internal sealed class PushDecoder(IInputRowParser parser, long maxRequestBytes)
{
    private readonly SemaphoreSlim _parsing = new(1, 1);

    /// <summary>Reads <paramref name="body"/> as <paramref name="headers"/> describe it and parses each of its events.</summary>
    /// <exception cref="PushRejectedException">
    /// The body is larger than the receiver's <c>maxRequestBytes</c> (413); it is not valid gzip, JSON or NDJSON, or the
    /// parser refuses one of its events (400).
    /// </exception>
    public async Task<InputRow?[]> DecodeAsync(Stream body, PushHeaders headers, CancellationToken cancellationToken)
    {
        using var read = await PushBody.ReadAsync(body, headers.Gzip, maxRequestBytes, headers.ContentLength, cancellationToken);
        await _parsing.WaitAsync(cancellationToken);
        try
        {
            return Parse(read, headers.Format);
        }
        finally
        {
            _parsing.Release();
        }
    }

    /// <summary>Parses a whole batch; the caller holds <see cref="_parsing"/>.</summary>
    private InputRow?[] Parse(PushBody body, BodyFormat format)
    {
        var span = body.Span;
        if (format == BodyFormat.JsonArray)
        {
            var events = body.SplitJsonArray();
            var rows = new InputRow?[events.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = ParseOne(span[events[i]], i, line: null);
            }

            return rows;
        }

        var lines = body.SplitLines();
        var lineRows = new InputRow?[lines.Count];
        for (var i = 0; i < lineRows.Length; i++)
        {
            lineRows[i] = ParseOne(span[lines[i].Event], i, lines[i].Line);
        }

        return lineRows;
    }

    private InputRow? ParseOne(ReadOnlySpan<byte> utf8, int index, int? line)
    {
        try
        {
            return parser.Parse(utf8);
        }
        catch (ParseException e)
        {
            var where = line is { } number ? $"line {number}" : $"$[{index}]";
            throw new PushRejectedException(400, $"Event {where} could not be parsed, so no event of the batch was taken: {e.Message}", e);
        }
    }
}
