using System.Globalization;
using System.Text.RegularExpressions;

namespace Realtime.Abstractions.Time;

/// <summary>
/// An ISO-8601 period such as <c>PT10M</c>, <c>P1D</c> or <c>P1M</c>, with calendar fields kept apart from the
/// fixed-length ones so that months and years add by the calendar. Druid writes these in specs; case is ignored.
/// </summary>
public readonly partial record struct IsoPeriod(int Years, int Months, int Weeks, int Days, long Hours, long Minutes, long Seconds, long Milliseconds)
{
    /// <summary>Whether the period has only fixed-length fields (weeks and smaller), so it has a length in milliseconds.</summary>
    public bool IsFixedLength => Years == 0 && Months == 0;

    /// <summary>The period's length, for periods without years or months.</summary>
    /// <exception cref="InvalidOperationException">The period has years or months.</exception>
    public TimeSpan ToTimeSpan() => IsFixedLength
        ? TimeSpan.FromMilliseconds(FixedMillis)
        : throw new InvalidOperationException($"Period {this} has years or months and no fixed length.");

    private long FixedMillis => ((((Weeks * 7L + Days) * 24 + Hours) * 60 + Minutes) * 60 + Seconds) * 1000 + Milliseconds;

    /// <summary>The same length with milliseconds carried into seconds, minutes, hours and days.</summary>
    public IsoPeriod Normalized()
    {
        if (!IsFixedLength)
        {
            return this;
        }

        var ms = FixedMillis;
        return new IsoPeriod(0, 0, 0, (int)(ms / 86_400_000), ms / 3_600_000 % 24, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /// <summary>Adds the period to an instant, by the UTC calendar.</summary>
    public long AddTo(long millis) => AddTo(millis, 1);

    /// <summary>Subtracts the period from an instant, by the UTC calendar.</summary>
    public long SubtractFrom(long millis) => AddTo(millis, -1);

    private long AddTo(long millis, int sign)
    {
        if (IsFixedLength)
        {
            return millis + sign * FixedMillis;
        }

        var dt = DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.AddYears(sign * Years).AddMonths(sign * Months);
        return new DateTimeOffset(dt, TimeSpan.Zero).ToUnixTimeMilliseconds() + sign * FixedMillis;
    }

    /// <summary>Parses an ISO-8601 period.</summary>
    /// <exception cref="FormatException">The text is not a period; the message quotes it.</exception>
    public static IsoPeriod Parse(string text)
    {
        var m = PeriodPattern().Match(text);
        if (!m.Success || text.Length <= 1 || text.EndsWith('T') || text.EndsWith('t'))
        {
            throw new FormatException($"'{text}' is not an ISO-8601 period (for example PT10M, P1D, P1M).");
        }

        int Int(string g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = m.Groups["s"].Success ? decimal.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0m;
        return new IsoPeriod(Int("y"), Int("mo"), Int("w"), Int("d"), Int("h"), Int("mi"), (long)decimal.Truncate(seconds),
            (long)((seconds - decimal.Truncate(seconds)) * 1000));
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var date = $"{(Years != 0 ? $"{Years}Y" : "")}{(Months != 0 ? $"{Months}M" : "")}{(Weeks != 0 ? $"{Weeks}W" : "")}{(Days != 0 ? $"{Days}D" : "")}";
        var secs = Seconds + Milliseconds / 1000m;
        var time = $"{(Hours != 0 ? $"{Hours}H" : "")}{(Minutes != 0 ? $"{Minutes}M" : "")}{(secs != 0 ? $"{secs.ToString(CultureInfo.InvariantCulture)}S" : "")}";
        return time.Length == 0 ? (date.Length == 0 ? "PT0S" : $"P{date}") : $"P{date}T{time}";
    }

    [GeneratedRegex(@"^[Pp](?:(?<y>\d+)[Yy])?(?:(?<mo>\d+)[Mm])?(?:(?<w>\d+)[Ww])?(?:(?<d>\d+)[Dd])?(?:[Tt](?:(?<h>\d+)[Hh])?(?:(?<mi>\d+)[Mm])?(?:(?<s>\d+(?:\.\d+)?)[Ss])?)?$")]
    private static partial Regex PeriodPattern();
}
