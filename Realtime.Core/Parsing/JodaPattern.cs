using System.Globalization;
using System.Text;
using Realtime.Abstractions.Time;
using Realtime.Core.Time;

namespace Realtime.Core.Parsing;

/// <summary>
/// A Joda-Time date-time pattern, as Druid's <c>timestampSpec.format</c>, the <c>timestamp</c> expression and the
/// time extraction functions take them: parsed through a .NET exact-parse format, printed letter by letter.
/// </summary>
/// <remarks>
/// Letters for parsing and printing: <c>y</c>/<c>Y</c>/<c>u</c> (year; <c>yy</c> is a two-digit year), <c>M</c> (month: 1–2 letters numeric,
/// <c>MMM</c> short name, <c>MMMM</c> full name), <c>d</c> (day of month), <c>E</c> (day-of-week name), <c>H</c> (hour 0–23),
/// <c>h</c> (hour 1–12), <c>a</c> (AM/PM), <c>m</c>, <c>s</c>, <c>S</c> (fraction of second), <c>Z</c> (offset <c>-0800</c>),
/// <c>ZZ</c> (offset <c>-08:00</c>), quoted literals and punctuation. As in Joda, a numeric field not directly next
/// to another numeric field accepts fewer digits when parsing (<c>MM</c> reads <c>8</c>), and prints at least as many
/// digits as letters. Printing also knows <c>D</c> (day of year), <c>e</c> (ISO day of week, Monday 1), <c>w</c> and
/// <c>x</c> (ISO week and week-based year), <c>k</c> (hour 1–24), <c>K</c> (hour 0–11) and <c>ZZZ</c> (zone id).
/// Parsing reads English names. Other letters (<c>G</c>, <c>C</c>, <c>z</c>) are rejected.
/// </remarks>
internal sealed class JodaPattern
{
    private const string SupportedLetters = "y Y u M d E H h a m s S Z ZZ";
    private const string PrintedLetters = SupportedLetters + " D e w x k K ZZZ";

    // Instants this close to the ends of .NET's range could leave it once shifted to a zone.
    private const long ZoneMarginMillis = 2 * 24 * 3600 * 1000L;

    private readonly string? _format;
    private readonly TimeZoneInfo _zone;
    private readonly List<(char Letter, int Count, string? Literal)> _runs;
    private readonly CultureInfo _culture;
    private readonly bool _zeroOffsetAsZ;

    private JodaPattern(string pattern, string? format, bool hasOffset, TimeZoneInfo zone, List<(char, int, string?)> runs, CultureInfo culture, bool zeroOffsetAsZ)
    {
        Pattern = pattern;
        _format = format;
        HasOffset = hasOffset;
        _zone = zone;
        _runs = runs;
        _culture = culture;
        _zeroOffsetAsZ = zeroOffsetAsZ;
    }

    /// <summary>The pattern as written in the spec.</summary>
    public string Pattern { get; }

    /// <summary>Whether parsed text carries its own UTC offset; otherwise the pattern's time zone applies.</summary>
    public bool HasOffset { get; }

    /// <summary>Translates a Joda pattern for parsing (and printing); <paramref name="zone"/> applies to texts without an offset.</summary>
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
                _ => throw Unsupported(pattern, letter, count, field, SupportedLetters),
            };
            hasOffset |= letter == 'Z';
            format.Append(spec);
        }

        // A one-letter .NET format would be read as a standard format ("d" is the short date): mark it custom.
        var text = format.Length == 1 ? "%" + format : format.ToString();
        return new JodaPattern(pattern, text, hasOffset, zone, runs, CultureInfo.InvariantCulture, zeroOffsetAsZ: false);
    }

    /// <summary>Reads a Joda pattern for printing only, with names (months, days, AM/PM) in <paramref name="culture"/>.</summary>
    /// <exception cref="ArgumentException">The pattern uses a letter that cannot be printed; the message names <paramref name="field"/>.</exception>
    public static JodaPattern CreatePrinter(string pattern, TimeZoneInfo zone, CultureInfo culture, string field)
    {
        var runs = Tokenize(pattern, field);
        foreach (var (letter, count, literal) in runs)
        {
            if (literal is null && !IsPrintable(letter))
            {
                throw Unsupported(pattern, letter, count, field, PrintedLetters);
            }
        }

        return new JodaPattern(pattern, null, hasOffset: false, zone, runs, culture, zeroOffsetAsZ: false);
    }

    /// <summary>Joda's ISO date-time printer (<c>2013-08-31T01:02:33.000Z</c>, or the zone's offset such as <c>+02:00</c>).</summary>
    public static JodaPattern IsoPrinter(TimeZoneInfo zone)
    {
        const string pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSZZ";
        return new JodaPattern(pattern, null, hasOffset: false, zone, Tokenize(pattern, "format"), CultureInfo.InvariantCulture, zeroOffsetAsZ: true);
    }

    /// <summary>Parses a text with the pattern into UTC epoch milliseconds.</summary>
    /// <exception cref="InvalidOperationException">The pattern was made by <see cref="CreatePrinter"/>, which does not parse.</exception>
    public bool TryParse(ReadOnlySpan<char> text, out long millis)
    {
        var format = _format ?? throw new InvalidOperationException($"The pattern '{Pattern}' was read for printing only.");
        if (HasOffset)
        {
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                millis = withOffset.ToUnixTimeMilliseconds();
                return true;
            }
        }
        else if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.NoCurrentDateDefault, out var local))
        {
            millis = TimeZones.LocalToUtcMillis(local, _zone);
            return true;
        }

        millis = 0;
        return false;
    }

    /// <summary>Prints UTC epoch milliseconds in the pattern's time zone; instants beyond years 1–9999 print as their milliseconds.</summary>
    public string Print(long millis)
    {
        if (millis <= DateTimes.MinMillis + ZoneMarginMillis || millis >= DateTimes.MaxMillis - ZoneMarginMillis)
        {
            return millis.ToString(CultureInfo.InvariantCulture);
        }

        var instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        var local = instant.ToOffset(_zone.GetUtcOffset(instant));
        var text = new StringBuilder();
        foreach (var (letter, count, literal) in _runs)
        {
            if (literal is not null)
            {
                text.Append(literal);
            }
            else
            {
                PrintField(text, letter, count, local);
            }
        }

        return text.ToString();
    }

    private void PrintField(StringBuilder text, char letter, int count, DateTimeOffset local)
    {
        var names = _culture.DateTimeFormat;
        var date = local.DateTime;
        switch (letter)
        {
            case 'y' or 'Y' or 'u':
                PrintYear(text, date.Year, count);
                break;
            case 'x':
                PrintYear(text, ISOWeek.GetYear(date), count);
                break;
            case 'M' when count >= 4:
                text.Append(names.GetMonthName(date.Month));
                break;
            case 'M' when count == 3:
                text.Append(names.GetAbbreviatedMonthName(date.Month));
                break;
            case 'M':
                PrintNumber(text, date.Month, count);
                break;
            case 'd':
                PrintNumber(text, date.Day, count);
                break;
            case 'D':
                PrintNumber(text, date.DayOfYear, count);
                break;
            case 'E':
                text.Append(count >= 4 ? names.GetDayName(date.DayOfWeek) : names.GetAbbreviatedDayName(date.DayOfWeek));
                break;
            case 'e':
                PrintNumber(text, date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek, count);
                break;
            case 'w':
                PrintNumber(text, ISOWeek.GetWeekOfYear(date), count);
                break;
            case 'H':
                PrintNumber(text, date.Hour, count);
                break;
            case 'k':
                PrintNumber(text, date.Hour == 0 ? 24 : date.Hour, count);
                break;
            case 'h':
                PrintNumber(text, date.Hour % 12 == 0 ? 12 : date.Hour % 12, count);
                break;
            case 'K':
                PrintNumber(text, date.Hour % 12, count);
                break;
            case 'a':
                var designator = date.Hour < 12 ? names.AMDesignator : names.PMDesignator;
                text.Append(designator.Length > 0 ? designator : date.Hour < 12 ? "AM" : "PM");
                break;
            case 'm':
                PrintNumber(text, date.Minute, count);
                break;
            case 's':
                PrintNumber(text, date.Second, count);
                break;
            case 'S':
                // Joda prints the leading digits of the fraction, truncating rather than rounding.
                var fraction = date.Millisecond.ToString("000", CultureInfo.InvariantCulture);
                text.Append(count <= 3 ? fraction.AsSpan(0, count) : fraction.PadRight(count, '0'));
                break;
            default:
                PrintZone(text, count, local.Offset);
                break;
        }
    }

    private void PrintZone(StringBuilder text, int count, TimeSpan offset)
    {
        if (count >= 3)
        {
            text.Append(_zone.Id);
        }
        else if (offset == TimeSpan.Zero && _zeroOffsetAsZ)
        {
            text.Append('Z');
        }
        else
        {
            var total = Math.Abs((int)offset.TotalMinutes);
            text.Append(offset < TimeSpan.Zero ? '-' : '+');
            PrintNumber(text, total / 60, 2);
            if (count == 2)
            {
                text.Append(':');
            }

            PrintNumber(text, total % 60, 2);
        }
    }

    private static void PrintYear(StringBuilder text, int year, int count)
    {
        if (count == 2)
        {
            PrintNumber(text, year % 100, 2);
        }
        else
        {
            PrintNumber(text, year, count);
        }
    }

    private static void PrintNumber(StringBuilder text, int value, int minDigits) =>
        text.Append(value.ToString(CultureInfo.InvariantCulture).PadLeft(minDigits, '0'));

    private static bool IsPrintable(char letter) =>
        letter is 'y' or 'Y' or 'u' or 'x' or 'M' or 'd' or 'D' or 'E' or 'e' or 'w' or 'H' or 'k' or 'h' or 'K' or 'a' or 'm' or 's' or 'S' or 'Z';

    private static ArgumentException Unsupported(string pattern, char letter, int count, string field, string supported) =>
        new($"{field} '{pattern}' uses the pattern letter '{new string(letter, count)}', which is not supported (supported: {supported}).");

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
