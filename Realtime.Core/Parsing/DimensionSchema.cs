using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Parsing;

/// <summary>How the values of a multi-value string dimension are stored.</summary>
public enum MultiValueHandling
{
    /// <summary>Sorted, duplicates kept (<c>SORTED_ARRAY</c>, Druid's default).</summary>
    SortedArray,

    /// <summary>Sorted, duplicates removed (<c>SORTED_SET</c>).</summary>
    SortedSet,

    /// <summary>As ingested (<c>ARRAY</c>).</summary>
    Array,
}

/// <summary>One entry of <c>dimensionsSpec.dimensions</c>: a bare name (a string dimension) or <c>{type, name, …}</c>.</summary>
[JsonConverter(typeof(DimensionSchemaJsonConverter))]
public sealed class DimensionSchema
{
    /// <summary>The dimension (and input field) name.</summary>
    public required string Name { get; init; }

    /// <summary>The stored type: <c>string</c> (default), <c>long</c>, <c>float</c> or <c>double</c>.</summary>
    public ColumnType Type { get; init; } = ColumnType.String;

    /// <summary>Whether a string dimension gets a bitmap index; numeric dimensions never have one.</summary>
    public bool CreateBitmapIndex { get; init; } = true;

    /// <summary>How a string dimension stores several values of one row.</summary>
    public MultiValueHandling MultiValueHandling { get; init; } = MultiValueHandling.SortedArray;

    /// <summary>The name and type as a column schema.</summary>
    public ColumnSchema ToColumnSchema() => new(Name, Type);

    /// <inheritdoc />
    public override string ToString() => Type == ColumnType.String ? Name : $"{Name}:{DimensionSchemaJsonConverter.TypeName(Type)}";
}

/// <summary>Reads a dimension schema from a bare name or an object, and writes the object form.</summary>
internal sealed class DimensionSchemaJsonConverter : JsonConverter<DimensionSchema>
{
    /// <summary>The JSON type name of a dimension column type.</summary>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Long => "long",
        ColumnType.Float => "float",
        ColumnType.Double => "double",
        _ => "string",
    };

    /// <inheritdoc />
    public override DimensionSchema Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bare = reader.GetString();
            return string.IsNullOrEmpty(bare)
                ? throw new JsonException("A dimension name must not be empty.")
                : new DimensionSchema { Name = bare };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A dimension must be a name or an object {\"type\", \"name\"}.");
        }

        string? name = null, type = null, handling = null;
        var bitmap = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            if (Is(property, "name"))
            {
                name = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else if (Is(property, "type"))
            {
                type = reader.GetString();
            }
            else if (Is(property, "createBitmapIndex"))
            {
                bitmap = reader.TokenType != JsonTokenType.False;
            }
            else if (Is(property, "multiValueHandling"))
            {
                handling = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new JsonException("A dimension object needs a \"name\".");
        }

        var columnType = (type ?? "string").ToLowerInvariant() switch
        {
            "string" => ColumnType.String,
            "long" => ColumnType.Long,
            "float" => ColumnType.Float,
            "double" => ColumnType.Double,
            "spatial" => throw new JsonException($"Dimension '{name}' has type 'spatial'; spatial dimensions are not supported."),
            _ => throw new JsonException($"Dimension '{name}' has type '{type}'; expected string, long, float or double."),
        };
        var multiValue = (handling ?? "SORTED_ARRAY").ToUpperInvariant() switch
        {
            "SORTED_ARRAY" => MultiValueHandling.SortedArray,
            "SORTED_SET" => MultiValueHandling.SortedSet,
            "ARRAY" => MultiValueHandling.Array,
            _ => throw new JsonException($"Dimension '{name}' has multiValueHandling '{handling}'; expected SORTED_ARRAY, SORTED_SET or ARRAY."),
        };
        return new DimensionSchema { Name = name, Type = columnType, CreateBitmapIndex = bitmap, MultiValueHandling = multiValue };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DimensionSchema value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TypeName(value.Type));
        writer.WriteString("name", value.Name);
        writer.WriteBoolean("createBitmapIndex", value.CreateBitmapIndex);
        writer.WriteString("multiValueHandling", value.MultiValueHandling switch
        {
            MultiValueHandling.SortedSet => "SORTED_SET",
            MultiValueHandling.Array => "ARRAY",
            _ => "SORTED_ARRAY",
        });
        writer.WriteEndObject();
    }

    private static bool Is(string? property, string name) => string.Equals(property, name, StringComparison.OrdinalIgnoreCase);
}
