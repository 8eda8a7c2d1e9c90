using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>
/// The <c>columnComparison</c> filter: all listed columns hold the same value. Multi-value columns are equal when
/// any of their values are; two columns without values are equal.
/// </summary>
public sealed class ColumnComparisonDimFilter : DimFilter
{
    /// <summary>The columns to compare, as names or default dimension specs (<c>{"type":"default","dimension":…}</c>).</summary>
    [JsonConverter(typeof(DimensionNameListConverter))]
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher()
    {
        if (Dimensions.Count < 2)
        {
            throw new ArgumentException("columnComparison.dimensions must list at least two columns.");
        }

        var columns = Dimensions.ToArray();
        return row =>
        {
            var values = new IReadOnlyList<string?>[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                values[i] = RowValues.Texts(row, columns[i]);
            }

            for (var i = 0; i < values.Length; i++)
            {
                for (var j = i + 1; j < values.Length; j++)
                {
                    if (!Overlap(values[i], values[j]))
                    {
                        return false;
                    }
                }
            }

            return true;
        };
    }

    private static bool Overlap(IReadOnlyList<string?> a, IReadOnlyList<string?> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (string.Equals(x, y, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>Reads a list of dimension names written as strings or as default dimension specs.</summary>
internal sealed class DimensionNameListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of dimensions.");
        }

        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                names.Add(reader.GetString()!);
                continue;
            }

            using var spec = JsonDocument.ParseValue(ref reader);
            var root = spec.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dimension", out var dimension) || dimension.ValueKind != JsonValueKind.String)
            {
                throw new JsonException("A dimension must be a name or {\"type\": \"default\", \"dimension\": name}.");
            }

            if (root.TryGetProperty("type", out var type) && type.GetString() is { } typeName && typeName != "default")
            {
                throw new JsonException($"Dimension spec type '{typeName}' is not supported here; use 'default'.");
            }

            names.Add(dimension.GetString()!);
        }

        return names.ToArray();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var name in value)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
