using System.Globalization;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Time;

/// <summary>Resolves the time zone names Druid specs use: IANA ids (<c>America/Los_Angeles</c>), <c>UTC</c> and fixed offsets (<c>-08:00</c>).</summary>
internal static class TimeZones
{
    /// <summary>Finds a time zone, or returns null when the name is not one.</summary>
    public static TimeZoneInfo? Find(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.Length == 0)
        {
            return null;
        }

        if (name is "UTC" or "Z" or "utc" or "GMT")
        {
            return TimeZoneInfo.Utc;
        }

        if (name[0] is '+' or '-')
        {
            return TryParseOffset(name, out var offset)
                ? TimeZoneInfo.CreateCustomTimeZone(name.ToString(), offset, name.ToString(), name.ToString())
                : null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name.ToString(), out var zone) ? zone : null;
    }

    /// <summary>Finds a time zone named in a spec field.</summary>
    /// <exception cref="ArgumentException">The name is not a known time zone; the message names the field.</exception>
    public static TimeZoneInfo Require(string name, string field) =>
        Find(name) ?? throw new ArgumentException($"{field} '{name}' is not a known time zone (use an IANA id such as 'America/Los_Angeles', 'UTC' or an offset such as '-08:00').");

    /// <summary>
    /// Formats epoch milliseconds as Joda's <c>ISODateTimeFormat.dateTime()</c> does in <paramref name="zone"/>:
    /// <c>2013-08-31T01:02:33.000-07:00</c>, with <c>Z</c> for a zero offset (<c>2013-08-31T08:02:33.000Z</c> in UTC).
    /// </summary>
    public static string FormatIso(long millis, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc || millis <= DateTimes.MinMillis || millis >= DateTimes.MaxMillis)
        {
            return DateTimes.Format(millis);
        }

        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(millis), zone);
        return local.Offset == TimeSpan.Zero
            ? local.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The UTC instant of a local date-time in <paramref name="zone"/>. A time skipped by a daylight-saving change
    /// moves to the end of the gap; a time that occurs twice takes its first occurrence.
    /// </summary>
    public static long LocalToUtcMillis(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30 - local.Minute % 30).AddSeconds(-local.Second).AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond));
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }

    private static bool TryParseOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = default;
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..];
        int hours, minutes = 0;
        if (digits.Length == 2)
        {
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out hours))
            {
                return false;
            }
        }
        else if (digits.Length is 4 or 5)
        {
            var mm = digits.Length == 5 ? digits[3..] : digits[2..];
            if ((digits.Length == 5 && digits[2] != ':')
                || !int.TryParse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture, out hours)
                || !int.TryParse(mm, NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (hours > 18 || minutes > 59)
        {
            return false;
        }

        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }
}
