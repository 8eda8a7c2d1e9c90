using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Core.Parsing;

/// <summary>The JSON parse spec's <c>flattenSpec</c>: which nested values become fields of the row.</summary>
/// <remarks>
/// Declared fields come first, in spec order; with <see cref="UseFieldDiscovery"/> every root field holding a
/// scalar or a list of scalars follows, in input order, unless a declared field has its name. Nested objects are
/// reached only through <c>path</c> fields. See docs/parsing.md for the JSONPath subset.
/// </remarks>
public sealed class FlattenSpec
{
    /// <summary>Whether root scalars and root lists of scalars become fields without being declared; true unless set.</summary>
    public bool UseFieldDiscovery { get; init; } = true;

    /// <summary>The declared fields; a bare name in JSON is a <c>root</c> field.</summary>
    public IReadOnlyList<FlattenField> Fields { get; init; } = [];
}

/// <summary>How a flatten field finds its value.</summary>
public enum FlattenFieldType
{
    /// <summary>A field of the root object.</summary>
    Root,

    /// <summary>A JSONPath expression such as <c>$.foo.bar</c> or <c>$.hello[0]</c>.</summary>
    Path,

    /// <summary>A jq expression; not supported (rejected when the parser is built).</summary>
    Jq,
}

/// <summary>One declared field of a <see cref="FlattenSpec"/>.</summary>
[JsonConverter(typeof(FlattenFieldJsonConverter))]
public sealed class FlattenField
{
    /// <summary>How the value is found.</summary>
    public FlattenFieldType Type { get; init; } = FlattenFieldType.Root;

    /// <summary>The name of the field in the row.</summary>
    public required string Name { get; init; }

    /// <summary>The expression: a JSONPath for <c>path</c>; for <c>root</c>, the input field name (the <see cref="Name"/> unless set).</summary>
    public string? Expr { get; init; }
}

/// <summary>Reads a flatten field from a bare name or an object, and writes the object form.</summary>
internal sealed class FlattenFieldJsonConverter : JsonConverter<FlattenField>
{
    /// <inheritdoc />
    public override FlattenField Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bare = reader.GetString();
            return string.IsNullOrEmpty(bare)
                ? throw new JsonException("A flatten field name must not be empty.")
                : new FlattenField { Name = bare };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A flatten field must be a name or an object {\"type\", \"name\", \"expr\"}.");
        }

        string? name = null, type = null, expr = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipOther(ref reader, property);
            if (Is(property, "name"))
            {
                name = value;
            }
            else if (Is(property, "type"))
            {
                type = value;
            }
            else if (Is(property, "expr"))
            {
                expr = value;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new JsonException("A flatten field needs a \"name\".");
        }

        var fieldType = (type ?? "root").ToLowerInvariant() switch
        {
            "root" => FlattenFieldType.Root,
            "path" => FlattenFieldType.Path,
            "jq" => FlattenFieldType.Jq,
            _ => throw new JsonException($"Flatten field '{name}' has type '{type}'; expected root or path."),
        };
        return new FlattenField { Type = fieldType, Name = name, Expr = expr };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FlattenField value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type.ToString().ToLowerInvariant());
        writer.WriteString("name", value.Name);
        if (value.Expr is not null)
        {
            writer.WriteString("expr", value.Expr);
        }

        writer.WriteEndObject();
    }

    private static string? SkipOther(ref Utf8JsonReader reader, string? property)
    {
        if (Is(property, "name") || Is(property, "type") || Is(property, "expr"))
        {
            throw new JsonException($"Flatten field property \"{property}\" must be a string.");
        }

        reader.Skip();
        return null;
    }

    private static bool Is(string? property, string name) => string.Equals(property, name, StringComparison.OrdinalIgnoreCase);
}
