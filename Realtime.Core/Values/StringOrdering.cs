using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Core.Values;

/// <summary>
/// Druid's orderings of dimension values: <c>lexicographic</c> (UTF-16 code units), <c>alphanumeric</c> (digit runs
/// compared as numbers), <c>numeric</c> (numbers by value, before them anything that is not a number) and
/// <c>strlen</c> (length, then lexicographic). Null sorts first in every ordering.
/// </summary>
[JsonConverter(typeof(StringOrderingJsonConverter))]
public sealed class StringOrdering : IComparer<string?>
{
    private readonly Comparison<string> _compare;

    private StringOrdering(string name, Comparison<string> compare)
    {
        Name = name;
        _compare = compare;
    }

    /// <summary>Ordinal comparison of UTF-16 code units, as Java's <c>String.compareTo</c>.</summary>
    public static StringOrdering Lexicographic { get; } = new("lexicographic", string.CompareOrdinal);

    /// <summary>Runs of digits compare by value, other runs case-insensitively; digits sort before other characters.</summary>
    public static StringOrdering Alphanumeric { get; } = new("alphanumeric", CompareAlphanumeric);

    /// <summary>Numbers compare by value; text that is not a number sorts before numbers, lexicographically.</summary>
    public static StringOrdering Numeric { get; } = new("numeric", CompareNumeric);

    /// <summary>Shorter first, then lexicographic.</summary>
    public static StringOrdering Strlen { get; } = new("strlen", static (a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));

    /// <summary>The ordering's JSON name.</summary>
    public string Name { get; }

    /// <summary>The ordering named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static StringOrdering? FromName(string? name) => name?.ToLowerInvariant() switch
    {
        "lexicographic" => Lexicographic,
        "alphanumeric" => Alphanumeric,
        "numeric" => Numeric,
        "strlen" => Strlen,
        _ => null,
    };

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        return y is null ? 1 : _compare(x, y);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static int CompareNumeric(string a, string b)
    {
        var aNumber = FilterNumbers.TryDecimal(a, out var da);
        var bNumber = FilterNumbers.TryDecimal(b, out var db);
        if (aNumber && bNumber)
        {
            return da.CompareTo(db);
        }

        if (!aNumber && !bNumber)
        {
            // Numbers beyond decimal's range still compare by value as doubles.
            var aDouble = FilterNumbers.TryDouble(a, out var fa);
            var bDouble = FilterNumbers.TryDouble(b, out var fb);
            return aDouble && bDouble ? fa.CompareTo(fb) : aDouble ? 1 : bDouble ? -1 : string.CompareOrdinal(a, b);
        }

        if (!aNumber && FilterNumbers.TryDouble(a, out var ha))
        {
            return ha.CompareTo((double)db);
        }

        if (!bNumber && FilterNumbers.TryDouble(b, out var hb))
        {
            return ((double)da).CompareTo(hb);
        }

        return aNumber ? 1 : -1;
    }

    private static int CompareAlphanumeric(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length.CompareTo(b.Length);
        }

        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var aDigit = char.IsAsciiDigit(a[i]);
            var bDigit = char.IsAsciiDigit(b[j]);
            int result;
            if (aDigit && bDigit)
            {
                result = CompareDigitRuns(a, ref i, b, ref j);
            }
            else if (aDigit || bDigit)
            {
                return aDigit ? -1 : 1;
            }
            else
            {
                var aEnd = RunEnd(a, i, digits: false);
                var bEnd = RunEnd(b, j, digits: false);
                result = string.Compare(a, i, b, j, Math.Min(aEnd - i, bEnd - j), StringComparison.OrdinalIgnoreCase);
                if (result == 0)
                {
                    result = (aEnd - i).CompareTo(bEnd - j);
                }

                i = aEnd;
                j = bEnd;
            }

            if (result != 0)
            {
                return result;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CompareDigitRuns(string a, ref int i, string b, ref int j)
    {
        var aEnd = RunEnd(a, i, digits: true);
        var bEnd = RunEnd(b, j, digits: true);
        var aStart = i;
        var bStart = j;
        while (aStart < aEnd - 1 && a[aStart] == '0')
        {
            aStart++;
        }

        while (bStart < bEnd - 1 && b[bStart] == '0')
        {
            bStart++;
        }

        var result = (aEnd - aStart).CompareTo(bEnd - bStart);
        if (result == 0)
        {
            result = string.CompareOrdinal(a, aStart, b, bStart, aEnd - aStart);
        }

        if (result == 0)
        {
            // Equal values: more leading zeros sort later.
            result = (aStart - i).CompareTo(bStart - j);
        }

        i = aEnd;
        j = bEnd;
        return Math.Sign(result);
    }

    private static int RunEnd(string s, int start, bool digits)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end]) == digits)
        {
            end++;
        }

        return end;
    }
}

/// <summary>Reads an ordering written as a name or as <c>{"type": name}</c>; writes the name.</summary>
internal sealed class StringOrderingJsonConverter : JsonConverter<StringOrdering>
{
    /// <inheritdoc />
    public override StringOrdering Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? name = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            name = reader.GetString();
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.GetString();
                reader.Read();
                if (string.Equals(property, "type", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                {
                    name = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return StringOrdering.FromName(name)
            ?? throw new JsonException(string.Create(CultureInfo.InvariantCulture,
                $"Ordering '{name}' is not one of lexicographic, alphanumeric, numeric, strlen."));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, StringOrdering value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
