using Realtime.Abstractions.Time;

namespace Realtime.Core.Time;

/// <summary>
/// Druid's granularities: the named ones (<c>all</c>, <c>none</c>, <c>minute</c> … <c>year</c>), <c>duration</c>
/// with an origin, and <c>period</c> with a time zone and origin. Spec JSON may give a name or an object.
/// </summary>
public abstract class Granularity : IGranularity
{
    /// <summary>One bucket holding all time.</summary>
    public static Granularity All { get; } = new AllGranularity();

    /// <summary>Millisecond buckets: timestamps are kept as they are.</summary>
    public static Granularity None { get; } = new NoneGranularity();

    private static readonly Dictionary<string, Func<Granularity>> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = () => All,
        ["none"] = () => None,
        ["second"] = () => FromPeriod("PT1S"),
        ["minute"] = () => FromPeriod("PT1M"),
        ["five_minute"] = () => FromPeriod("PT5M"),
        ["ten_minute"] = () => FromPeriod("PT10M"),
        ["fifteen_minute"] = () => FromPeriod("PT15M"),
        ["thirty_minute"] = () => FromPeriod("PT30M"),
        ["hour"] = () => FromPeriod("PT1H"),
        ["six_hour"] = () => FromPeriod("PT6H"),
        ["day"] = () => FromPeriod("P1D"),
        ["week"] = () => FromPeriod("P1W"),
        ["month"] = () => FromPeriod("P1M"),
        ["quarter"] = () => FromPeriod("P3M"),
        ["year"] = () => FromPeriod("P1Y"),
    };

    /// <summary>The names accepted as simple granularities.</summary>
    public static IEnumerable<string> Names => Named.Keys;

    /// <summary>The granularity as written in a spec.</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract long BucketStart(long millis);

    /// <inheritdoc />
    public abstract long Increment(long bucketStart);

    /// <summary>The bucket holding <paramref name="millis"/>.</summary>
    public Interval Bucket(long millis)
    {
        var start = BucketStart(millis);
        return new Interval(start, Increment(start));
    }

    /// <summary>The bucket starts that overlap <paramref name="interval"/>, in order.</summary>
    public IEnumerable<long> BucketStarts(Interval interval)
    {
        for (var start = BucketStart(interval.StartMillis); start < interval.EndMillis; start = Increment(start))
        {
            yield return start;
        }
    }

    /// <summary>A named granularity such as <c>hour</c>, case-insensitive; also Druid 0.9's upper-case segment names.</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known names.</exception>
    public static Granularity FromName(string name) =>
        Named.TryGetValue(name, out var create)
            ? create()
            : throw new ArgumentException($"Unknown granularity '{name}'. Known: {string.Join(", ", Named.Keys)}, or an object {{\"type\":\"period\",…}} / {{\"type\":\"duration\",…}}.");

    /// <summary>A UTC period granularity such as <c>PT1H</c>.</summary>
    public static Granularity FromPeriod(string period) => new PeriodGranularity(IsoPeriod.Parse(period), TimeZoneInfo.Utc, null);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Integer division rounded towards negative infinity, so instants before an origin fall in earlier buckets.</summary>
    protected static long FloorDiv(long dividend, long divisor)
    {
        var quotient = dividend / divisor;
        return (dividend % divisor != 0 && (dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private sealed class AllGranularity : Granularity
    {
        public override string Name => "all";

        public override long BucketStart(long millis) => Interval.Eternity.StartMillis;

        public override long Increment(long bucketStart) => Interval.Eternity.EndMillis;
    }

    private sealed class NoneGranularity : Granularity
    {
        public override string Name => "none";

        public override long BucketStart(long millis) => millis;

        public override long Increment(long bucketStart) => bucketStart + 1;
    }
}

/// <summary>Fixed-length buckets counted from an origin: Druid's <c>{"type":"duration"}</c>.</summary>
public sealed class DurationGranularity : Granularity
{
    /// <summary>Creates the granularity.</summary>
    /// <exception cref="ArgumentException">The duration is not positive.</exception>
    public DurationGranularity(long durationMillis, long originMillis = 0)
    {
        if (durationMillis <= 0)
        {
            throw new ArgumentException($"duration must be a positive number of milliseconds; got {durationMillis}.");
        }

        DurationMillis = durationMillis;
        OriginMillis = originMillis;
    }

    /// <summary>The bucket length in milliseconds.</summary>
    public long DurationMillis { get; }

    /// <summary>An instant at which a bucket starts.</summary>
    public long OriginMillis { get; }

    /// <inheritdoc />
    public override string Name => $"{{\"type\":\"duration\",\"duration\":{DurationMillis},\"origin\":\"{DateTimes.Format(OriginMillis)}\"}}";

    /// <inheritdoc />
    public override long BucketStart(long millis) => OriginMillis + FloorDiv(millis - OriginMillis, DurationMillis) * DurationMillis;

    /// <inheritdoc />
    public override long Increment(long bucketStart) => bucketStart + DurationMillis;
}
