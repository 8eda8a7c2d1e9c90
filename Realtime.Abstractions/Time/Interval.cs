using System.Globalization;

namespace Realtime.Abstractions.Time;

/// <summary>A half-open interval of UTC epoch milliseconds, <c>[Start, End)</c>, written as Druid writes intervals.</summary>
public readonly record struct Interval(long StartMillis, long EndMillis)
{
    /// <summary>The widest interval Druid accepts (<c>-146136543-09-08T08:23:32.096Z/146140482-04-24T15:36:27.903Z</c>).</summary>
    public static Interval Eternity { get; } = new(-4611686018427387904L, 4611686018427387903L);

    /// <summary>Whether <paramref name="millis"/> lies inside the interval.</summary>
    public bool Contains(long millis) => millis >= StartMillis && millis < EndMillis;

    /// <summary>Whether the two intervals share at least one instant.</summary>
    public bool Overlaps(Interval other) => StartMillis < other.EndMillis && other.StartMillis < EndMillis;

    /// <summary>Whether <paramref name="other"/> lies wholly inside this interval.</summary>
    public bool Contains(Interval other) => other.StartMillis >= StartMillis && other.EndMillis <= EndMillis;

    /// <summary>The interval as ISO-8601 <c>start/end</c> in UTC with milliseconds.</summary>
    public override string ToString() => $"{DateTimes.Format(StartMillis)}/{DateTimes.Format(EndMillis)}";

    /// <summary>The interval with <c>/</c> replaced by <c>_</c>, as used in directory names and segment ids.</summary>
    public string ToPathString() => $"{DateTimes.Format(StartMillis)}_{DateTimes.Format(EndMillis)}";

    /// <summary>Parses <c>start/end</c>, <c>start/period</c> or <c>period/end</c> (ISO-8601).</summary>
    /// <exception cref="FormatException">The text is not an interval; the message quotes it.</exception>
    public static Interval Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
        {
            throw new FormatException($"'{text}' is not an ISO-8601 interval (expected 'start/end').");
        }

        var left = text[..slash];
        var right = text[(slash + 1)..];
        if (left.StartsWith('P') || left.StartsWith('p'))
        {
            var end = DateTimes.ParseIso(right);
            return new Interval(IsoPeriod.Parse(left).SubtractFrom(end), end);
        }

        var start = DateTimes.ParseIso(left);
        if (right.StartsWith('P') || right.StartsWith('p'))
        {
            return Ordered(start, IsoPeriod.Parse(right).AddTo(start), text);
        }

        return Ordered(start, DateTimes.ParseIso(right), text);
    }

    private static Interval Ordered(long start, long end, string text) =>
        end < start ? throw new FormatException($"Interval '{text}' ends before it starts.") : new Interval(start, end);
}

/// <summary>Conversions between UTC epoch milliseconds and ISO-8601 text.</summary>
public static class DateTimes
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddK", "yyyy-MMK", "yyyyK",
    ];

    /// <summary>Formats epoch milliseconds as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public static string Format(long millis)
    {
        if (millis <= MinMillis || millis >= MaxMillis)
        {
            return millis.ToString(CultureInfo.InvariantCulture);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Epoch milliseconds of the smallest instant .NET can represent.</summary>
    public static long MinMillis { get; } = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    /// <summary>Epoch milliseconds of the largest instant .NET can represent.</summary>
    public static long MaxMillis { get; } = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Parses an ISO-8601 date or date-time; a text without zone is UTC.</summary>
    /// <exception cref="FormatException">The text is not ISO-8601; the message quotes it.</exception>
    public static long ParseIso(string text)
    {
        if (TryParseIso(text, out var millis))
        {
            return millis;
        }

        throw new FormatException($"'{text}' is not an ISO-8601 date-time.");
    }

    /// <summary>Tries to parse an ISO-8601 date or date-time; a text without zone is UTC.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> text, out long millis)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            millis = value.ToUnixTimeMilliseconds();
            return true;
        }

        millis = 0;
        return false;
    }
}
