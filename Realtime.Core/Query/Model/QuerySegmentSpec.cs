using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Time;
using Realtime.Core.Components;

namespace Realtime.Core.Query.Model;

/// <summary>
/// A query's <c>intervals</c>: ISO-8601 intervals (a list, one string, or <c>{"type":"intervals"}</c>), or segment
/// descriptors (<c>{"type":"segments","segments":[{"itvl","ver","part"}]}</c>) as brokers send them.
/// </summary>
[JsonConverter(typeof(QuerySegmentSpecJsonConverter))]
public sealed class QuerySegmentSpec(IReadOnlyList<Interval> intervals, IReadOnlyList<SegmentDescriptor>? segments = null)
{
    /// <summary>The half-open intervals read, sorted and without overlaps.</summary>
    public IReadOnlyList<Interval> Intervals { get; } = Condense(intervals);

    /// <summary>The segments addressed by descriptor, or null when the query reads by interval.</summary>
    public IReadOnlyList<SegmentDescriptor>? Segments { get; } = segments;

    private static Interval[] Condense(IReadOnlyList<Interval> intervals)
    {
        var sorted = intervals.OrderBy(i => i.StartMillis).ToList();
        var merged = new List<Interval>();
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && merged[^1].EndMillis >= interval.StartMillis)
            {
                merged[^1] = new Interval(merged[^1].StartMillis, Math.Max(merged[^1].EndMillis, interval.EndMillis));
            }
            else
            {
                merged.Add(interval);
            }
        }

        return [.. merged];
    }

    private sealed class QuerySegmentSpecJsonConverter : JsonConverter<QuerySegmentSpec>
    {
        public override QuerySegmentSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var json = document.RootElement;
            switch (json.ValueKind)
            {
                case JsonValueKind.String:
                    return new QuerySegmentSpec([ParseInterval(json)]);
                case JsonValueKind.Array:
                    return new QuerySegmentSpec(json.EnumerateArray().Select(ParseInterval).ToArray());
                case JsonValueKind.Object:
                    var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
                    if (type == "intervals" && json.TryGetProperty("intervals", out var list))
                    {
                        return new QuerySegmentSpec(list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(ParseInterval).ToArray() : [ParseInterval(list)]);
                    }

                    if (type == "segments" && json.TryGetProperty("segments", out var segments) && segments.ValueKind == JsonValueKind.Array)
                    {
                        var descriptors = segments.EnumerateArray().Select(SegmentDescriptor.FromJson).ToArray();
                        return new QuerySegmentSpec(descriptors.Select(d => d.Interval).ToArray(), descriptors);
                    }

                    throw new JsonException("intervals must be a list of ISO-8601 intervals, {\"type\":\"intervals\",\"intervals\":[…]} or {\"type\":\"segments\",\"segments\":[…]}.");
                default:
                    throw new JsonException($"intervals must be a list of ISO-8601 intervals; found {JsonTokens.Describe(reader.TokenType)}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, QuerySegmentSpec value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var interval in value.Intervals)
            {
                writer.WriteStringValue(interval.ToString());
            }

            writer.WriteEndArray();
        }

        private static Interval ParseInterval(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                throw new JsonException($"An interval must be an ISO-8601 string such as \"2013-01-01/2013-01-02\"; found {element.ValueKind}.");
            }

            try
            {
                return Interval.Parse(element.GetString()!);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }
    }
}

/// <summary>A segment addressed by a broker: its interval, version and partition number.</summary>
/// <param name="Interval">The segment's interval (<c>itvl</c>).</param>
/// <param name="Version">The segment's version (<c>ver</c>).</param>
/// <param name="Partition">The partition number (<c>part</c>).</param>
public sealed record SegmentDescriptor(Interval Interval, string Version, int Partition)
{
    /// <summary>The descriptor as Druid writes it: <c>{"itvl","ver","part"}</c>.</summary>
    public JsonObject ToJson() => new() { ["itvl"] = Interval.ToString(), ["ver"] = Version, ["part"] = Partition };

    /// <summary>Reads a descriptor as <see cref="ToJson"/> writes it.</summary>
    /// <exception cref="JsonException">The JSON has no ISO-8601 <c>itvl</c>.</exception>
    public static SegmentDescriptor FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("itvl", out var itvl) || itvl.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A segment descriptor needs \"itvl\", \"ver\" and \"part\".");
        }

        Interval interval;
        try
        {
            interval = Interval.Parse(itvl.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }

        var version = json.TryGetProperty("ver", out var ver) ? ver.GetString() ?? "" : "";
        var part = json.TryGetProperty("part", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
        return new SegmentDescriptor(interval, version, part);
    }
}
