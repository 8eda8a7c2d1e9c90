using System.Text.Json.Nodes;
using Realtime.Core.Aggregation;
using Realtime.Core.Query.Aggregation;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Engine;

/// <summary>How result values and timestamps are written in Druid's result JSON.</summary>
internal static class ResultValues
{
    /// <summary>A value as JSON: numbers, text, lists; a sketch as its Base64 bytes; a first/last state as <c>{lhs, rhs}</c>.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
        float f => float.IsFinite(f) ? JsonValue.Create(f) : null,
        bool b => JsonValue.Create(b),
        HyperLogLogCollector collector => JsonValue.Create(Convert.ToBase64String(collector.ToByteArray())),
        TimedValue timed => new JsonObject { ["lhs"] = timed.TimestampMillis, ["rhs"] = ToJson(timed.Value) },
        IEnumerable<string?> list => new JsonArray(list.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v))).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>A bucket timestamp in ISO-8601, in the granularity's time zone for period granularities.</summary>
    public static string Timestamp(long millis, Granularity? granularity = null) =>
        TimeZones.FormatIso(millis, granularity is PeriodGranularity { TimeZone: var zone } ? zone : TimeZoneInfo.Utc);

    /// <summary>An object of a result row's values.</summary>
    public static JsonObject ToJsonObject(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
        {
            json[name] = ToJson(value);
        }

        return json;
    }
}
