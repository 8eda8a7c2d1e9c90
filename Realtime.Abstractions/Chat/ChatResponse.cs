using System.Text.Json;

namespace Realtime.Abstractions.Chat;

/// <summary>A chat handler's answer: a status code, an optional JSON body and extra headers.</summary>
public sealed class ChatResponse
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>The HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The JSON body, or null for an empty body.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>Headers to add to the response, such as <c>Retry-After</c> or <c>WWW-Authenticate</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = None;

    /// <summary>A response with <paramref name="statusCode"/> and <paramref name="body"/> serialized as JSON.</summary>
    public static ChatResponse Json<T>(int statusCode, T body) =>
        new() { StatusCode = statusCode, Body = JsonSerializer.SerializeToElement(body) };

    /// <summary>An error response with the body <c>{"error": message}</c>, as Druid's chat handlers answer.</summary>
    public static ChatResponse Error(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new() { StatusCode = statusCode, Body = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = message }), Headers = headers ?? None };
}
