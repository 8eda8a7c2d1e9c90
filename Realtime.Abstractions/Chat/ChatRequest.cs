using System.Security.Claims;

namespace Realtime.Abstractions.Chat;

/// <summary>An HTTP request to a chat handler, free of any web framework's types.</summary>
public sealed class ChatRequest
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>The HTTP method in upper case, for example <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The service name the request was addressed to (as registered, or its suffix after the last <c>:</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>The path after the service name, without a leading <c>/</c>: <c>push-events</c>, <c>shutdown</c>, or empty.</summary>
    public required string Action { get; init; }

    /// <summary>Query parameters by name (case-insensitive); a repeated parameter's values are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = None;

    /// <summary>Request headers by name (case-insensitive); a repeated header's values are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = None;

    /// <summary>The request body, read once, forward only.</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>
    /// The caller as the node's security authenticated it, or null when the node's security is off. When set, the node
    /// has also authorized the request (WRITE on the data source the handler's pipeline ingests), so a handler need not
    /// check credentials of its own. Added in contracts 1.3.
    /// </summary>
    public ClaimsPrincipal? User { get; init; }

    /// <summary>A header's value, or null when the request does not carry it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
