using System.Numerics;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Parsing;

/// <summary>
/// Parses ISO-8601 timestamps to UTC epoch milliseconds without allocating: a hand-written reader for the
/// common shape <c>yyyy-MM-dd[(T| )HH:mm[:ss[.fff…]]][Z|±HH[:mm]]</c>, then the general parser for the rest.
/// </summary>
/// <remarks>Works on UTF-8 bytes and on UTF-16 text alike; a text without zone is UTC.</remarks>
internal static class IsoTimestamp
{
    /// <summary>Parses UTF-8 text; <paramref name="allowSpace"/> also accepts a space between date and time.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, bool allowSpace, out long millis)
    {
        if (TryParseCommon(utf8, allowSpace, out millis))
        {
            return true;
        }

        if (utf8.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        var count = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        return TryParseGeneral(chars[..count], allowSpace, out millis);
    }

    /// <summary>Parses UTF-16 text; <paramref name="allowSpace"/> also accepts a space between date and time.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, bool allowSpace, out long millis) =>
        TryParseCommon(text, allowSpace, out millis) || TryParseGeneral(text, allowSpace, out millis);

    private static bool TryParseGeneral(ReadOnlySpan<char> text, bool allowSpace, out long millis)
    {
        if (!allowSpace && text.Trim().Contains(' '))
        {
            millis = 0;
            return false;
        }

        return DateTimes.TryParseIso(text, out millis);
    }

    /// <summary>The fast path: only the common shape, returning false (not throwing) for anything else.</summary>
    private static bool TryParseCommon<T>(ReadOnlySpan<T> s, bool allowSpace, out long millis)
        where T : unmanaged, IBinaryInteger<T>
    {
        millis = 0;
        if (s.Length < 10 || At(s, 4) != '-' || At(s, 7) != '-')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0, fractionMillis = 0;
        var i = 10;
        if (i < s.Length && (At(s, i) == 'T' || (allowSpace && At(s, i) == ' ')))
        {
            if (!Digits(s, i + 1, 2, out hour) || At(s, i + 3) != ':' || !Digits(s, i + 4, 2, out minute))
            {
                return false;
            }

            i += 6;
            if (At(s, i) == ':')
            {
                if (!Digits(s, i + 1, 2, out second))
                {
                    return false;
                }

                i += 3;
                if (At(s, i) is '.' or ',')
                {
                    i++;
                    var start = i;
                    var scale = 100;
                    while (i < s.Length && At(s, i) is >= '0' and <= '9')
                    {
                        fractionMillis += (At(s, i) - '0') * scale;
                        scale /= 10;
                        i++;
                    }

                    if (i == start)
                    {
                        return false;
                    }
                }
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }
        }

        var offsetMinutes = 0;
        if (i < s.Length)
        {
            var c = At(s, i);
            if (c == 'Z' && i + 1 == s.Length)
            {
                i++;
            }
            else if (c is '+' or '-')
            {
                if (!Digits(s, i + 1, 2, out var offsetHours))
                {
                    return false;
                }

                var offsetMins = 0;
                var j = i + 3;
                if (j < s.Length)
                {
                    if (At(s, j) == ':')
                    {
                        j++;
                    }

                    if (!Digits(s, j, 2, out offsetMins))
                    {
                        return false;
                    }

                    j += 2;
                }

                i = j;
                if (offsetHours > 18 || offsetMins > 59)
                {
                    return false;
                }

                offsetMinutes = (c == '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        var days = CivilDays(year, month, day);
        millis = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000L + second * 1000L + fractionMillis;
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date.</summary>
    public static long CivilDays(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    private static int At<T>(ReadOnlySpan<T> s, int index)
        where T : unmanaged, IBinaryInteger<T> =>
        (uint)index < (uint)s.Length ? int.CreateTruncating(s[index]) : -1;

    private static bool Digits<T>(ReadOnlySpan<T> s, int start, int count, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var k = start; k < start + count; k++)
        {
            var d = int.CreateTruncating(s[k]) - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = value * 10 + d;
        }

        return true;
    }
}
