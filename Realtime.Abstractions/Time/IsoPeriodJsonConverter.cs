using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Abstractions.Time;

/// <summary>Reads and writes a <see cref="TimeSpan"/> as an ISO-8601 period such as <c>PT10M</c>, as Druid specs do.</summary>
public sealed class IsoPeriodJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromMilliseconds(reader.GetInt64());
        }

        var text = reader.GetString() ?? throw new JsonException("A period is required, for example \"PT10M\".");
        try
        {
            return IsoPeriod.Parse(text).ToTimeSpan();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(new IsoPeriod(0, 0, 0, 0, 0, 0, 0, (long)value.TotalMilliseconds).Normalized().ToString());
}
