using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Core.Components;
using Realtime.Core.Values;

namespace Realtime.Core.Query.Ordering;

/// <summary>The direction of an order-by column.</summary>
public enum SortDirection
{
    /// <summary>Smallest first.</summary>
    Ascending,

    /// <summary>Largest first.</summary>
    Descending,
}

/// <summary>
/// One column of a <c>default</c> limit spec: a dimension, aggregator or post-aggregator output name, its
/// direction, and for dimensions the ordering of their values. A plain JSON string is that column ascending.
/// </summary>
[JsonConverter(typeof(OrderByColumnSpecJsonConverter))]
public sealed class OrderByColumnSpec
{
    /// <summary>The output name ordered by (Druid calls it <c>dimension</c> for metrics too).</summary>
    public required string Dimension { get; init; }

    /// <summary>Ascending unless set.</summary>
    public SortDirection Direction { get; init; }

    /// <summary>How a dimension's values compare; metrics compare by their own ordering.</summary>
    public StringOrdering DimensionOrder { get; init; } = StringOrdering.Lexicographic;

    /// <summary>
    /// Reads a direction as Druid does: <c>ascending</c> or <c>descending</c> in any case, or an unambiguous
    /// prefix such as <c>asc</c> or <c>desc</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The text names no direction; the message quotes it.</exception>
    public static SortDirection ParseDirection(string text)
    {
        var matches = Enum.GetValues<SortDirection>()
            .Where(d => text.Length > 0 && d.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new ArgumentException($"direction '{text}' is not ascending or descending.");
    }
}

/// <summary>Reads an order-by column from a name or an object; writes the object.</summary>
internal sealed class OrderByColumnSpecJsonConverter : JsonConverter<OrderByColumnSpec>
{
    /// <inheritdoc />
    public override OrderByColumnSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new OrderByColumnSpec { Dimension = reader.GetString()! };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An order-by column must be a column name or an object; found {JsonTokens.Describe(reader.TokenType)}.");
        }

        string? dimension = null;
        var direction = SortDirection.Ascending;
        var order = StringOrdering.Lexicographic;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property?.ToLowerInvariant())
            {
                case "dimension":
                    dimension = reader.GetString();
                    break;
                case "direction":
                    direction = ReadDirection(ref reader);
                    break;
                case "dimensionorder" when reader.TokenType != JsonTokenType.Null:
                    order = JsonSerializer.Deserialize<StringOrdering>(ref reader, options)!;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return string.IsNullOrWhiteSpace(dimension)
            ? throw new JsonException("An order-by column needs a \"dimension\" naming the column.")
            : new OrderByColumnSpec { Dimension = dimension, Direction = direction, DimensionOrder = order };
    }

    private static SortDirection ReadDirection(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return SortDirection.Ascending;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"direction must be \"ascending\" or \"descending\"; found {JsonTokens.Describe(reader.TokenType)}.");
        }

        try
        {
            return OrderByColumnSpec.ParseDirection(reader.GetString()!);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, OrderByColumnSpec value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("dimension", value.Dimension);
        writer.WriteString("direction", value.Direction == SortDirection.Ascending ? "ascending" : "descending");
        writer.WriteString("dimensionOrder", value.DimensionOrder.Name);
        writer.WriteEndObject();
    }
}
