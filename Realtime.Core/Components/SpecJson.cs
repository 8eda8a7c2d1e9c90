using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Core.Time;

namespace Realtime.Core.Components;

/// <summary>Reads Druid spec JSON: camelCase names, comments allowed, components resolved by type name.</summary>
public static class SpecJson
{
    /// <summary>Serializer options that resolve every component slot through <paramref name="registry"/>.</summary>
    public static JsonSerializerOptions CreateOptions(ComponentRegistry registry)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new ComponentJsonConverterFactory(registry));
        options.Converters.Add(new GranularityJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads <typeparamref name="T"/> from <paramref name="json"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">Options from <see cref="CreateOptions"/>.</param>
    /// <param name="source">Named in error messages, usually the file path.</param>
    /// <exception cref="SpecException">The JSON is malformed or does not fit; the message names the path.</exception>
    public static T Deserialize<T>(string json, JsonSerializerOptions options, string source = "spec")
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options) ?? throw new SpecException(source, "$", "The spec is null.");
        }
        catch (JsonException e)
        {
            throw ToSpecException(e, source);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new SpecException(source, null, e.Message, inner: e);
        }
    }

    /// <summary>Turns a serializer error, possibly from inside nested components, into a <see cref="SpecException"/> with the full path.</summary>
    internal static SpecException ToSpecException(JsonException error, string source)
    {
        var path = new StringBuilder(error.Path ?? "$");
        var innermost = error;
        while (innermost is NestedSpecJsonException { InnerException: JsonException inner })
        {
            var relative = inner.Path ?? "$";
            path.Append(relative.AsSpan(1));
            innermost = inner;
        }

        var problem = innermost.InnerException is { } cause and not JsonException && innermost.Message.StartsWith("The JSON value could not", StringComparison.Ordinal)
            ? cause.Message
            : CleanMessage(innermost.Message);
        return new SpecException(source, path.ToString(), problem, innermost.LineNumber ?? error.LineNumber, error);
    }

    /// <summary>Runs a component's field checks after deserialization, reporting a failure as a JSON error at the component's path.</summary>
    /// <exception cref="JsonException"><paramref name="validate"/> threw an <see cref="ArgumentException"/>; the message is kept.</exception>
    internal static void ValidateDeserialized(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <summary>A serializer message without its appended path and position.</summary>
    internal static string CleanMessage(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }
}
