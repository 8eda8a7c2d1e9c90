using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Plugins.Http.Pull;

/// <summary>
/// Reads Druid's password provider: a plain string, <c>{"type": "default", "password": …}</c>, or
/// <c>{"type": "environment", "variable": …}</c>, which is read from the node's environment.
/// </summary>
internal sealed class PasswordJsonConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        using var provider = JsonDocument.ParseValue(ref reader);
        var root = provider.RootElement;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "default" when root.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String:
                return password.GetString();
            case "environment" when root.TryGetProperty("variable", out var variable) && variable.ValueKind == JsonValueKind.String:
                return Environment.GetEnvironmentVariable(variable.GetString()!)
                    ?? throw new JsonException($"The environment variable '{variable.GetString()}' holding the password is not set.");
            default:
                throw new JsonException("A password is a string, {\"type\": \"default\", \"password\": …} or {\"type\": \"environment\", \"variable\": …}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value is null ? null : "[hidden]");
}
