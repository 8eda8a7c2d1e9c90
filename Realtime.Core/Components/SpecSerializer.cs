using System.Text.Json;

namespace Realtime.Core.Components;

/// <summary>The node's spec serializer: the component registry and the JSON options built from it, made once.</summary>
public sealed class SpecSerializer(ComponentRegistry registry)
{
    /// <summary>The registry of built-in and plugin components.</summary>
    public ComponentRegistry Registry { get; } = registry;

    /// <summary>Options that read and write every component slot by type name.</summary>
    public JsonSerializerOptions Options { get; } = SpecJson.CreateOptions(registry);

    /// <summary>Reads <typeparamref name="T"/> from JSON text.</summary>
    /// <exception cref="SpecException">The JSON does not fit; the message names <paramref name="source"/> and the path.</exception>
    public T Deserialize<T>(string json, string source = "spec") => SpecJson.Deserialize<T>(json, Options, source);

    /// <summary>Writes <paramref name="value"/> as a JSON element, components with their type names.</summary>
    public JsonElement SerializeToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);
}
