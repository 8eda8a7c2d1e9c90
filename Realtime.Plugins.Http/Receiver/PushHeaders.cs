using System.Globalization;
using Realtime.Abstractions.Chat;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>What a push's headers say about its body and its producer, read before the body is.</summary>
/// <param name="Format">How the body holds its events (<c>Content-Type</c>).</param>
/// <param name="Gzip">Whether the body is gzip-compressed (<c>Content-Encoding</c>).</param>
/// <param name="ContentLength">The body's announced length (<c>Content-Length</c>), when it is a whole number.</param>
/// <param name="Producer">The batch's producer and sequence, when the push names a producer.</param>
internal sealed record PushHeaders(BodyFormat Format, bool Gzip, long? ContentLength, ProducerBatch? Producer)
{
    /// <summary>Reads the headers of a push.</summary>
    /// <exception cref="PushRejectedException">
    /// Another <c>Content-Type</c> or <c>Content-Encoding</c> (415), or a producer id without a whole-number sequence (400).
    /// </exception>
    public static PushHeaders Read(ChatRequest request)
    {
        var format = FormatOf(request.Header("Content-Type"));
        var gzip = IsGzip(request.Header("Content-Encoding"));
        var producer = ProducerOf(request);
        var contentLength = long.TryParse(request.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : (long?)null;
        return new PushHeaders(format, gzip, contentLength, producer);
    }

    private static BodyFormat FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        return mediaType switch
        {
            "" or "application/json" => BodyFormat.JsonArray,
            "application/x-ndjson" => BodyFormat.Ndjson,
            _ => throw new PushRejectedException(415,
                $"Content-Type '{contentType}' is not accepted: send application/json (a JSON array of event objects) or application/x-ndjson (one event object per line)."),
        };
    }

    private static bool IsGzip(string? contentEncoding) => contentEncoding?.Trim().ToLowerInvariant() switch
    {
        null or "" or "identity" => false,
        "gzip" or "x-gzip" => true,
        _ => throw new PushRejectedException(415, $"Content-Encoding '{contentEncoding}' is not accepted: send gzip or no encoding."),
    };

    private static ProducerBatch? ProducerOf(ChatRequest request)
    {
        if (request.Header("X-Firehose-Producer-Id") is not { } id)
        {
            return null;
        }

        var text = request.Header("X-Firehose-Producer-Seq")
            ?? throw new PushRejectedException(400, "X-Firehose-Producer-Id needs X-Firehose-Producer-Seq, the batch's sequence number.");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence)
            ? new ProducerBatch(id, sequence)
            : throw new PushRejectedException(400, $"X-Firehose-Producer-Seq must be a whole number: '{text}'.");
    }
}

/// <summary>How a push's body holds its events.</summary>
internal enum BodyFormat
{
    /// <summary>A JSON array of event objects (<c>application/json</c>).</summary>
    JsonArray,

    /// <summary>One event object per line (<c>application/x-ndjson</c>).</summary>
    Ndjson,
}

/// <summary>The producer of a batch (<c>X-Firehose-Producer-Id</c>) and the batch's sequence (<c>X-Firehose-Producer-Seq</c>).</summary>
internal readonly record struct ProducerBatch(string Id, long Sequence);
