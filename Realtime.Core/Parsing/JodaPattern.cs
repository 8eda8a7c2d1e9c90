using System.Globalization;
using System.Text;
using Realtime.Core.Time;

namespace Realtime.Core.Parsing;

/// <summary>
/// A Joda-Time date-time pattern (as Druid's <c>timestampSpec.format</c> and the <c>timestamp</c> expression take
/// them) translated to a .NET exact-parse format.
/// </summary>
/// <remarks>
/// Supported letters: <c>y</c>/<c>Y</c>/<c>u</c> (year; <c>yy</c> is a two-digit year), <c>M</c> (month: 1–2 letters numeric,
/// <c>MMM</c> short name, <c>MMMM</c> full name), <c>d</c> (day of month), <c>E</c> (day-of-week name), <c>H</c> (hour 0–23),
/// <c>h</c> (hour 1–12), <c>a</c> (AM/PM), <c>m</c>, <c>s</c>, <c>S</c> (fraction of second), <c>Z</c> (offset <c>-0800</c>),
/// <c>ZZ</c> (offset <c>-08:00</c>), quoted literals and punctuation. As in Joda, a numeric field not directly next
/// to another numeric field accepts fewer digits (<c>MM</c> reads <c>8</c>). Names are English. Other letters
/// (<c>D</c>, <c>k</c>, <c>K</c>, <c>w</c>, <c>x</c>, <c>e</c>, <c>G</c>, <c>C</c>, <c>z</c>, <c>ZZZ</c>) are rejected.
/// </remarks>
internal sealed class JodaPattern
{
    private const string SupportedLetters = "y Y u M d E H h a m s S Z ZZ";

    private readonly string _format;
    private readonly TimeZoneInfo _zone;

    private JodaPattern(string pattern, string format, bool hasOffset, TimeZoneInfo zone)
    {
        Pattern = pattern;
        _format = format;
        HasOffset = hasOffset;
        _zone = zone;
    }

    /// <summary>The pattern as written in the spec.</summary>
    public string Pattern { get; }

    /// <summary>Whether the text carries its own UTC offset; otherwise the pattern's time zone applies.</summary>
    public bool HasOffset { get; }

    /// <summary>Translates a Joda pattern; <paramref name="zone"/> applies to texts without an offset.</summary>
    /// <exception cref="ArgumentException">The pattern uses a letter that is not supported; the message names <paramref name="field"/>.</exception>
    public static JodaPattern Create(string pattern, TimeZoneInfo zone, string field)
    {
        var format = new StringBuilder();
        var hasOffset = false;
        var runs = Tokenize(pattern, field);
        for (var r = 0; r < runs.Count; r++)
        {
            var (letter, count, literal) = runs[r];
            if (literal is not null)
            {
                AppendLiteral(format, literal);
                continue;
            }

            var adjacentNumeric = IsNumeric(runs, r - 1) || IsNumeric(runs, r + 1);
            string spec = letter switch
            {
                'y' or 'Y' or 'u' => count == 2 ? "yy" : "yyyy",
                'M' => count >= 4 ? "MMMM" : count == 3 ? "MMM" : Numeric('M', count, adjacentNumeric),
                'd' => Numeric('d', count, adjacentNumeric),
                'H' => Numeric('H', count, adjacentNumeric),
                'h' => Numeric('h', count, adjacentNumeric),
                'm' => Numeric('m', count, adjacentNumeric),
                's' => Numeric('s', count, adjacentNumeric),
                'S' => new string(adjacentNumeric ? 'f' : 'F', Math.Min(count, 7)),
                'E' => count >= 4 ? "dddd" : "ddd",
                'a' => "tt",
                'Z' when count <= 2 => "zzz",
                _ => throw new ArgumentException(
                    $"{field} '{pattern}' uses the pattern letter '{new string(letter, count)}', which is not supported (supported: {SupportedLetters})."),
            };
            hasOffset |= letter == 'Z';
            format.Append(spec);
        }

        // A one-letter .NET format would be read as a standard format ("d" is the short date): mark it custom.
        var text = format.Length == 1 ? "%" + format : format.ToString();
        return new JodaPattern(pattern, text, hasOffset, zone);
    }

    /// <summary>Parses a text with the pattern into UTC epoch milliseconds.</summary>
    public bool TryParse(ReadOnlySpan<char> text, out long millis)
    {
        if (HasOffset)
        {
            if (DateTimeOffset.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                millis = withOffset.ToUnixTimeMilliseconds();
                return true;
            }
        }
        else if (DateTime.TryParseExact(text, _format, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out var local))
        {
            millis = TimeZones.LocalToUtcMillis(local, _zone);
            return true;
        }

        millis = 0;
        return false;
    }

    private static string Numeric(char letter, int count, bool adjacentNumeric) =>
        adjacentNumeric ? new string(letter, Math.Max(count, 2)) : letter.ToString();

    private static bool IsNumeric(List<(char Letter, int Count, string? Literal)> runs, int index) =>
        index >= 0 && index < runs.Count && runs[index].Literal is null
        && (runs[index].Letter is 'y' or 'Y' or 'u' or 'd' or 'H' or 'h' or 'm' or 's' or 'S'
            || (runs[index].Letter == 'M' && runs[index].Count <= 2));

    private static List<(char Letter, int Count, string? Literal)> Tokenize(string pattern, string field)
    {
        var runs = new List<(char, int, string?)>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var literal = new StringBuilder();
                i++;
                if (i < pattern.Length && pattern[i] == '\'')
                {
                    runs.Add(('\0', 0, "'"));
                    i++;
                    continue;
                }

                while (true)
                {
                    if (i >= pattern.Length)
                    {
                        throw new ArgumentException($"{field} '{pattern}' has an unterminated quoted literal.");
                    }

                    if (pattern[i] == '\'')
                    {
                        if (i + 1 < pattern.Length && pattern[i + 1] == '\'')
                        {
                            literal.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    literal.Append(pattern[i++]);
                }

                runs.Add(('\0', 0, literal.ToString()));
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < pattern.Length && pattern[i] == c)
                {
                    i++;
                }

                runs.Add((c, i - start, null));
            }
            else
            {
                runs.Add(('\0', 0, c.ToString()));
                i++;
            }
        }

        return runs;
    }

    private static void AppendLiteral(StringBuilder format, string literal)
    {
        foreach (var c in literal)
        {
            format.Append('\\').Append(c);
        }
    }
}
