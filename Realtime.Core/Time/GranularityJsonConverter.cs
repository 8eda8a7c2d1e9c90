using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Time;

/// <summary>Reads a granularity as a name (<c>"hour"</c>) or an object (<c>{"type":"period",…}</c>, <c>{"type":"duration",…}</c>).</summary>
internal sealed class GranularityJsonConverter : JsonConverter<Granularity>
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(Granularity) || typeToConvert == typeof(IGranularity);

    public override Granularity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return Granularity.FromName(reader.GetString()!);
            }

            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGet(root, "type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new JsonException("A granularity is a name such as \"hour\" or an object with \"type\": \"period\", \"duration\" or a name.");
            }

            long? origin = TryGet(root, "origin", out var o) && o.ValueKind == JsonValueKind.String ? DateTimes.ParseIso(o.GetString()!) : null;
            return type.GetString()!.ToLowerInvariant() switch
            {
                "period" => new PeriodGranularity(
                    IsoPeriod.Parse(TryGet(root, "period", out var p) ? p.GetString()! : throw new JsonException("A period granularity needs \"period\".")),
                    TryGet(root, "timeZone", out var tz) && tz.GetString() is { } zone ? TimeZones.Require(zone, "timeZone") : TimeZoneInfo.Utc,
                    origin),
                "duration" => new DurationGranularity(
                    TryGet(root, "duration", out var d) ? d.ValueKind == JsonValueKind.Number ? d.GetInt64() : long.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                        : throw new JsonException("A duration granularity needs \"duration\" in milliseconds."),
                    origin ?? 0),
                var name => Granularity.FromName(name),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, Granularity value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case PeriodGranularity p:
                writer.WriteStartObject();
                writer.WriteString("type", "period");
                writer.WriteString("period", p.Period.ToString());
                writer.WriteString("timeZone", p.TimeZone.Id);
                if (p.OriginMillis is { } origin)
                {
                    writer.WriteString("origin", DateTimes.Format(origin));
                }

                writer.WriteEndObject();
                break;
            case DurationGranularity d:
                writer.WriteStartObject();
                writer.WriteString("type", "duration");
                writer.WriteNumber("duration", d.DurationMillis);
                writer.WriteString("origin", DateTimes.Format(d.OriginMillis));
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.Name);
                break;
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
