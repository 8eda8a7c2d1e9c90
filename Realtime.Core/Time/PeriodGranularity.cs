using Realtime.Abstractions.Time;

namespace Realtime.Core.Time;

/// <summary>
/// Calendar buckets of an ISO period in a time zone, optionally counted from an origin: Druid's
/// <c>{"type":"period","period":"P1D","timeZone":"America/Los_Angeles","origin":…}</c>. Buckets follow local
/// wall-clock time, so a day bucket spans 23 or 25 hours across daylight-saving changes.
/// </summary>
/// <remarks>
/// A period of one calendar field with count 1 and no origin floors that field (a week starts on Monday).
/// With a larger count or an origin, buckets are counted in that field from the origin (the epoch by default).
/// A period of several fields has a fixed length and is counted in milliseconds from the origin.
/// </remarks>
public sealed class PeriodGranularity : Granularity
{
    private readonly Field _field;
    private readonly long _count;
    private readonly long _localOriginTicks;

    /// <summary>Creates the granularity.</summary>
    /// <exception cref="ArgumentException">The period is empty.</exception>
    public PeriodGranularity(IsoPeriod period, TimeZoneInfo timeZone, long? originMillis)
    {
        Period = period;
        TimeZone = timeZone;
        OriginMillis = originMillis;
        var fields = new (Field Field, long Count)[]
        {
            (Field.Year, period.Years), (Field.Month, period.Months), (Field.Week, period.Weeks), (Field.Day, period.Days),
            (Field.Hour, period.Hours), (Field.Minute, period.Minutes), (Field.Second, period.Seconds), (Field.Millisecond, period.Milliseconds),
        }.Where(f => f.Count != 0).ToArray();
        if (fields.Length == 0 || fields.Any(f => f.Count < 0))
        {
            throw new ArgumentException($"period must be a positive ISO-8601 period; got '{period}'.");
        }

        (_field, _count) = fields.Length == 1 ? fields[0] : (Field.Compound, 0);
        if (_field == Field.Compound && !period.IsFixedLength)
        {
            throw new ArgumentException($"period '{period}' mixes calendar and clock fields; use one field or fixed-length fields only.");
        }

        // Without an origin, buckets count from midnight of 1970-01-01 on the zone's wall clock, as in Druid.
        _localOriginTicks = (originMillis is { } origin ? ToLocal(origin) : new DateTime(1970, 1, 1)).Ticks;
    }

    /// <summary>The bucket period.</summary>
    public IsoPeriod Period { get; }

    /// <summary>The zone whose wall clock buckets follow.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The origin, when given.</summary>
    public long? OriginMillis { get; }

    /// <inheritdoc />
    public override string Name => TimeZone == TimeZoneInfo.Utc && OriginMillis is null ? Period.ToString() : $"{Period} in {TimeZone.Id}";

    /// <inheritdoc />
    public override long BucketStart(long millis)
    {
        // Clock fields (hours and finer) step by elapsed time in every zone, as Druid's do; calendar fields follow the wall clock.
        if (_field >= Field.Hour || (TimeZone == TimeZoneInfo.Utc && _field >= Field.Week))
        {
            var length = Period.ToTimeSpan().Ticks / TimeSpan.TicksPerMillisecond;
            var origin = OriginMillis ?? (_field == Field.Week ? MondayEpochMillis : ToUtcMillis(new DateTime(_localOriginTicks)));
            return origin + FloorDiv(millis - origin, length) * length;
        }

        var local = ToLocal(millis);
        DateTime floored;
        if (_count == 1 && OriginMillis is null)
        {
            floored = _field switch
            {
                Field.Year => new DateTime(local.Year, 1, 1),
                Field.Month => new DateTime(local.Year, local.Month, 1),
                Field.Week => local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)),
                _ => local.Date,
            };
        }
        else
        {
            var origin = new DateTime(_localOriginTicks);
            var steps = FloorDiv(Difference(origin, local), _count) * _count;
            floored = Add(origin, steps);
            if (floored > local)
            {
                floored = Add(origin, steps - _count);
            }
        }

        return ToUtcMillis(floored);
    }

    /// <inheritdoc />
    public override long Increment(long bucketStart)
    {
        if (_field >= Field.Hour || (TimeZone == TimeZoneInfo.Utc && _field >= Field.Week))
        {
            return Period.AddTo(bucketStart);
        }

        return ToUtcMillis(Add(ToLocal(bucketStart), _count));
    }

    private static readonly long MondayEpochMillis = -3 * 86_400_000L;

    private DateTime ToLocal(long millis) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime, TimeZone);

    private long ToUtcMillis(DateTime local) => TimeZones.LocalToUtcMillis(local, TimeZone);

    private long Difference(DateTime from, DateTime to) => _field switch
    {
        Field.Year => to.Year - from.Year - (to < from.AddYears(to.Year - from.Year) ? 1 : 0),
        Field.Month => MonthsBetween(from, to),
        Field.Week => FloorDiv((to - from).Ticks, TimeSpan.TicksPerDay * 7),
        _ => FloorDiv((to - from).Ticks, TimeSpan.TicksPerDay),
    };

    private static long MonthsBetween(DateTime from, DateTime to)
    {
        var months = (to.Year - from.Year) * 12L + to.Month - from.Month;
        return from.AddMonths((int)months) > to ? months - 1 : months;
    }

    private DateTime Add(DateTime local, long steps) => _field switch
    {
        Field.Year => local.AddYears((int)steps),
        Field.Month => local.AddMonths((int)steps),
        Field.Week => local.AddDays(steps * 7),
        _ => local.AddDays(steps),
    };

    private enum Field
    {
        Year,
        Month,
        Week,
        Day,
        Hour,
        Minute,
        Second,
        Millisecond,
        Compound,
    }
}
