namespace Realtime.Plugins.Http.Receiver;

/// <summary>A push refused before any of its events entered the buffer; the status and message go back to the client.</summary>
internal sealed class PushRejectedException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status to answer with (4xx, or 503 for a full buffer).</summary>
    public int StatusCode { get; } = statusCode;
}
