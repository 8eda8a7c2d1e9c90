using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Realtime.Core.Parsing;

/// <summary>
/// A JSONPath of the subset Druid's flatten specs use: <c>$.a.b</c>, <c>$['a b']</c>, <c>$.a[0]</c> and <c>$.a[-1]</c>
/// (counted from the end). Wildcards, deep scans, slices and filters are rejected.
/// </summary>
internal sealed class JsonPath
{
    private readonly object[] _segments;

    private JsonPath(object[] segments) => _segments = segments;

    /// <summary>The root field the path starts at.</summary>
    public string RootField => (string)_segments[0];

    /// <summary>Parses a path that starts with a root field.</summary>
    /// <exception cref="ArgumentException">The path is outside the subset; the message names <paramref name="field"/>.</exception>
    public static JsonPath Parse(string text, string field)
    {
        ArgumentException Invalid(string why) =>
            new($"{field} '{text}' is not a supported JSONPath ({why}); use $.a.b, $['a'], $.a[0] or $.a[-1].");

        if (!text.StartsWith('$'))
        {
            throw Invalid("it must start with $");
        }

        var segments = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                var name = text[start..i];
                if (name.Length == 0 || name == "*")
                {
                    throw Invalid(name.Length == 0 ? "deep scans and empty names are not supported" : "wildcards are not supported");
                }

                segments.Add(name);
            }
            else if (text[i] == '[')
            {
                var close = FindClose(text, i);
                if (close < 0)
                {
                    throw Invalid("a '[' is not closed");
                }

                var inner = text.AsSpan(i + 1, close - i - 1).Trim();
                if (inner.Length >= 2 && (inner[0] is '\'' or '"') && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1].ToString().Replace("\\'", "'", StringComparison.Ordinal));
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    throw Invalid($"'[{inner}]' is not a quoted name or an index");
                }

                i = close + 1;
            }
            else
            {
                throw Invalid($"unexpected '{text[i]}' at position {i}");
            }
        }

        if (segments.Count == 0 || segments[0] is not string)
        {
            throw Invalid("it must name a field of the root object first");
        }

        return new JsonPath(segments.ToArray());
    }

    /// <summary>Follows the path from the value of <see cref="RootField"/>; null when any step is missing.</summary>
    public object? EvaluateFromRootValue(object? rootValue)
    {
        var node = rootValue;
        for (var s = 1; s < _segments.Length && node is not null; s++)
        {
            node = _segments[s] is string name ? Property(node, name) : Element(node, (int)_segments[s]);
        }

        return node;
    }

    private static object? Property(object node, string name) => node switch
    {
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(name, out var v) ? v : null,
        IDictionary<string, object?> map => map.TryGetValue(name, out var v) ? v : null,
        IDictionary map => map.Contains(name) ? map[name] : null,
        JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(name, out var v) ? v : null,
        _ => null,
    };

    private static object? Element(object node, int index)
    {
        switch (node)
        {
            case string:
                return null;
            case IList list:
                var i = index < 0 ? list.Count + index : index;
                return i >= 0 && i < list.Count ? list[i] : null;
            case IReadOnlyList<object?> items:
                var k = index < 0 ? items.Count + index : index;
                return k >= 0 && k < items.Count ? items[k] : null;
            case JsonElement { ValueKind: JsonValueKind.Array } e:
                var j = index < 0 ? e.GetArrayLength() + index : index;
                return j >= 0 && j < e.GetArrayLength() ? e[j] : null;
            default:
                return null;
        }
    }

    private static int FindClose(string text, int open)
    {
        var quote = '\0';
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        return -1;
    }
}
