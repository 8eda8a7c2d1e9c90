using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Core.Components;

/// <summary>
/// Reads component slots from spec JSON: looks ahead for the discriminator (which need not come first),
/// resolves the name through the <see cref="ComponentRegistry"/>, and reads the object as that class.
/// </summary>
internal sealed class ComponentJsonConverterFactory(ComponentRegistry registry) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => ComponentRegistry.SlotOf(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SlotConverter<>).MakeGenericType(typeToConvert), registry)!;

    private sealed class SlotConverter<T>(ComponentRegistry registry) : JsonConverter<T>
        where T : class
    {
        private readonly Abstractions.Components.ComponentSlotAttribute _slot = ComponentRegistry.SlotOf(typeof(T))!;

        private static readonly Func<string, T>? Shorthand = typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IShorthandComponent<>))
            ? typeof(T).GetMethod(nameof(IShorthandComponent<T>.FromShorthand), System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.CreateDelegate<Func<string, T>>()
            : null;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && Shorthand is not null)
            {
                try
                {
                    return Shorthand(reader.GetString()!);
                }
                catch (ArgumentException e)
                {
                    throw new JsonException($"Invalid {_slot.SlotName} '{reader.GetString()}': {e.Message}", e);
                }
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A {_slot.SlotName} must be a JSON object with a \"{_slot.Discriminator}\" property; found {JsonTokens.Describe(reader.TokenType)}.");
            }

            var typeName = FindDiscriminator(reader) ?? _slot.DefaultType
                ?? throw new JsonException($"The {_slot.SlotName} has no \"{_slot.Discriminator}\" property. Known {_slot.SlotName} types: {Known()}.");
            if (!registry.TryResolve(typeof(T), typeName, out var implementation))
            {
                throw new JsonException($"Unknown {_slot.SlotName} type '{typeName}'. Known {_slot.SlotName} types: {Known()}.");
            }

            try
            {
                return (T?)JsonSerializer.Deserialize(ref reader, implementation, options);
            }
            catch (JsonException e)
            {
                throw new NestedSpecJsonException(e);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
            {
                throw new JsonException($"Invalid {_slot.SlotName} '{typeName}': {e.Message}", e);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var implementation = value.GetType();
            var typeName = registry.Registrations.FirstOrDefault(r => r.Slot == typeof(T) && r.Implementation == implementation)?.TypeName
                ?? throw new JsonException($"{implementation.FullName} is not a registered {_slot.SlotName}.");
            var element = JsonSerializer.SerializeToElement(value, implementation, options);
            writer.WriteStartObject();
            writer.WriteString(_slot.Discriminator, typeName);
            foreach (var property in element.EnumerateObject().Where(p => !p.NameEquals(_slot.Discriminator)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        private string? FindDiscriminator(Utf8JsonReader lookahead)
        {
            var depth = lookahead.CurrentDepth;
            while (lookahead.Read() && lookahead.CurrentDepth > depth)
            {
                if (lookahead.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var isDiscriminator = string.Equals(lookahead.GetString(), _slot.Discriminator, StringComparison.OrdinalIgnoreCase);
                lookahead.Read();
                if (isDiscriminator)
                {
                    return lookahead.TokenType == JsonTokenType.String
                        ? lookahead.GetString()
                        : throw new JsonException($"The {_slot.SlotName}'s \"{_slot.Discriminator}\" must be a string; found {JsonTokens.Describe(lookahead.TokenType)}.");
                }

                lookahead.Skip();
            }

            return null;
        }

        private string Known() => string.Join(", ", registry.TypeNames(typeof(T)));
    }
}

/// <summary>Carries an error from inside a component, whose path is relative to the component, out to the spec reader.</summary>
internal sealed class NestedSpecJsonException(JsonException inner) : JsonException(SpecJson.CleanMessage(inner.Message), inner);
