using System.Text;

namespace Realtime.Core.Parsing;

/// <summary>Shortens offending input for error messages, so that a huge bad message does not flood logs.</summary>
internal static class InputText
{
    /// <summary>The longest quoted input, in characters.</summary>
    public const int MaxLength = 120;

    /// <summary>The text, cut to <see cref="MaxLength"/> characters with an ellipsis.</summary>
    public static string Shorten(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");

    /// <summary>The UTF-8 input decoded (invalid bytes replaced) and cut to <see cref="MaxLength"/> characters.</summary>
    public static string Shorten(ReadOnlySpan<byte> utf8)
    {
        var head = utf8.Length <= MaxLength * 4 ? utf8 : utf8[..(MaxLength * 4)];
        return Shorten(Encoding.UTF8.GetString(head));
    }
}
