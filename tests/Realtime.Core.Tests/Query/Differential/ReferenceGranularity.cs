using System.Globalization;

namespace Realtime.Core.Tests.Query.Differential;

/// <summary>
/// A query granularity, computed naively: fixed steps from an origin, or calendar days of local time in a zone.
/// As in Druid, a period of several hours in a zone steps by elapsed hours from local midnight of 1970-01-01.
/// </summary>
internal sealed class ReferenceGranularity
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private readonly Func<long, long> _bucketStart;
    private readonly Func<long, long> _next;

    private ReferenceGranularity(string json, Func<long, long> bucketStart, Func<long, long> next, TimeZoneInfo? zone = null)
    {
        Json = json;
        _bucketStart = bucketStart;
        _next = next;
        Zone = zone;
    }

    /// <summary>One bucket for everything.</summary>
    public static ReferenceGranularity All { get; } = new("\"all\"", _ => long.MinValue, _ => long.MaxValue);

    /// <summary>One bucket per stored timestamp.</summary>
    public static ReferenceGranularity None { get; } = new("\"none\"", t => t, t => t + 1);

    /// <summary>The granularities bucketing by time, for every query type.</summary>
    public static IReadOnlyList<ReferenceGranularity> Bucketing { get; } =
    [
        Fixed("\"hour\"", 3_600_000),
        Fixed("\"six_hour\"", 6 * 3_600_000),
        Fixed("\"day\"", ReferenceData.Day),
        new("\"week\"", t => MondayOnOrBefore(t), t => t + (7 * ReferenceData.Day)),
        Fixed("""{"type": "duration", "duration": 7200000, "origin": "2013-10-31T00:30:00Z"}""", 7_200_000, ReferenceData.Start - ReferenceData.Day + 1_800_000),
        Local("""{"type": "period", "period": "P1D", "timeZone": "America/Los_Angeles"}""", local => local.Date, local => local.AddDays(1)),
        Fixed("""{"type": "period", "period": "PT6H", "timeZone": "America/Los_Angeles"}""", 6 * 3_600_000, 8 * 3_600_000, LosAngeles),
    ];

    /// <summary>The granularity as query JSON.</summary>
    public string Json { get; }

    /// <summary>The zone result timestamps are written in, or null for UTC.</summary>
    public TimeZoneInfo? Zone { get; }

    public bool IsAll => ReferenceEquals(this, All);

    /// <summary>The start of the bucket holding <paramref name="millis"/>.</summary>
    public long BucketStart(long millis) => _bucketStart(millis);

    /// <summary>The starts of the buckets that overlap [start, end).</summary>
    public IEnumerable<long> BucketStarts(long start, long end)
    {
        for (var bucket = BucketStart(start); bucket < end; bucket = _next(bucket))
        {
            yield return bucket;
        }
    }

    /// <summary>A bucket timestamp as results write it: UTC, or local time with its offset for a zoned period.</summary>
    public string Format(long millis)
    {
        if (Zone is null)
        {
            return ReferenceData.Iso(millis);
        }

        var instant = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        return instant.ToOffset(Zone.GetUtcOffset(instant)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }

    private static ReferenceGranularity Fixed(string json, long size, long origin = 0, TimeZoneInfo? zone = null) =>
        new(json, t => origin + ((long)Math.Floor((t - origin) / (double)size) * size), t => t + size, zone);

    private static ReferenceGranularity Local(string json, Func<DateTime, DateTime> floor, Func<DateTime, DateTime> next) => new(
        json,
        t => Utc(floor(ToLocal(t))),
        t => Utc(next(ToLocal(t))),
        LosAngeles);

    private static DateTime ToLocal(long millis) => TimeZoneInfo.ConvertTimeFromUtc(DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime, LosAngeles);

    private static long Utc(DateTime local) =>
        new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), LosAngeles)).ToUnixTimeMilliseconds();

    private static long MondayOnOrBefore(long millis)
    {
        var date = DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.Date;
        return new DateTimeOffset(date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), TimeSpan.Zero).ToUnixTimeMilliseconds();
    }
}
