using System.Text.Json;

namespace Realtime.Core.Components;

/// <summary>Names JSON tokens in error messages ("found a string").</summary>
internal static class JsonTokens
{
    /// <summary>The token as a reader of the message would say it: "an array", "a number", "null" ….</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };
}
