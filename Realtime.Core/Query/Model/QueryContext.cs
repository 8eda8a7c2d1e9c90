using System.Globalization;
using System.Text.Json;

namespace Realtime.Core.Query.Model;

/// <summary>Typed access to a query's <c>context</c> map; values may be JSON strings, as Druid accepts.</summary>
public readonly struct QueryContext(IReadOnlyDictionary<string, JsonElement>? values)
{
    /// <summary>The query id given by the caller, or null.</summary>
    public string? QueryId => GetString("queryId");

    /// <summary>The priority; accepted and reported, as the node runs queries as they come.</summary>
    public long Priority => GetLong("priority") ?? 0;

    /// <summary>Whether aggregator states are finalized in the result (true unless set to false).</summary>
    public bool Finalize => GetBool("finalize") ?? true;

    /// <summary>A boolean context flag.</summary>
    public bool? GetBool(string key) => Find(key) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var b) => b,
        _ => null,
    };

    /// <summary>A numeric context value.</summary>
    public long? GetLong(string key) => Find(key) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var l) => l,
        { ValueKind: JsonValueKind.Number } n => (long)n.GetDouble(),
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    /// <summary>A text context value.</summary>
    public string? GetString(string key) => Find(key) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private JsonElement? Find(string key) => values is not null && values.TryGetValue(key, out var value) ? value : null;
}
