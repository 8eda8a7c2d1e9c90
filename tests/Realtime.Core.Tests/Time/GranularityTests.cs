using Realtime.Abstractions.Time;
using Realtime.Core.Components;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Time;

public class GranularityTests
{
    private static long At(string iso) => DateTimes.ParseIso(iso);

    private static string Bucket(Granularity granularity, string iso) => granularity.Bucket(At(iso)).ToString();

    [TestCase("minute", "2013-08-31T01:02:33.123Z", "2013-08-31T01:02:00.000Z/2013-08-31T01:03:00.000Z")]
    [TestCase("fifteen_minute", "2013-08-31T01:32:33Z", "2013-08-31T01:30:00.000Z/2013-08-31T01:45:00.000Z")]
    [TestCase("HOUR", "2013-08-31T01:02:33Z", "2013-08-31T01:00:00.000Z/2013-08-31T02:00:00.000Z")]
    [TestCase("six_hour", "2013-08-31T13:02:33Z", "2013-08-31T12:00:00.000Z/2013-08-31T18:00:00.000Z")]
    [TestCase("day", "2013-08-31T23:59:59.999Z", "2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z")]
    [TestCase("week", "2013-08-31T12:00:00Z", "2013-08-26T00:00:00.000Z/2013-09-02T00:00:00.000Z")]
    [TestCase("month", "2013-02-15T12:00:00Z", "2013-02-01T00:00:00.000Z/2013-03-01T00:00:00.000Z")]
    [TestCase("quarter", "2013-08-31T12:00:00Z", "2013-07-01T00:00:00.000Z/2013-10-01T00:00:00.000Z")]
    [TestCase("year", "2013-08-31T12:00:00Z", "2013-01-01T00:00:00.000Z/2014-01-01T00:00:00.000Z")]
    [TestCase("day", "1969-12-31T12:00:00Z", "1969-12-31T00:00:00.000Z/1970-01-01T00:00:00.000Z")]
    public void SimpleGranularitiesBucketInUtc(string name, string instant, string expected)
    {
        Assert.That(Bucket(Granularity.FromName(name), instant), Is.EqualTo(expected));
    }

    [Test]
    public void NoneKeepsMillisecondsAndAllHoldsEverything()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Granularity.None.BucketStart(At("2013-08-31T01:02:33.123Z")), Is.EqualTo(At("2013-08-31T01:02:33.123Z")));
            Assert.That(Granularity.All.Bucket(At("2013-08-31T01:02:33Z")), Is.EqualTo(Interval.Eternity));
        });
    }

    [Test]
    public void APeriodInATimeZoneFollowsTheLocalDay()
    {
        var day = new PeriodGranularity(IsoPeriod.Parse("P1D"), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), null);

        Assert.That(Bucket(day, "2013-08-31T01:02:33Z"), Is.EqualTo("2013-08-30T07:00:00.000Z/2013-08-31T07:00:00.000Z"));
    }

    [Test]
    public void ALocalDayAcrossTheEndOfDaylightSavingLasts25Hours()
    {
        var day = new PeriodGranularity(IsoPeriod.Parse("P1D"), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), null);

        var bucket = day.Bucket(At("2013-11-03T12:00:00Z"));

        Assert.Multiple(() =>
        {
            Assert.That(bucket.ToString(), Is.EqualTo("2013-11-03T07:00:00.000Z/2013-11-04T08:00:00.000Z"));
            Assert.That(TimeSpan.FromMilliseconds(bucket.EndMillis - bucket.StartMillis), Is.EqualTo(TimeSpan.FromHours(25)));
        });
    }

    [Test]
    public void ALocalDayAcrossTheStartOfDaylightSavingLasts23Hours()
    {
        var day = new PeriodGranularity(IsoPeriod.Parse("P1D"), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), null);

        var bucket = day.Bucket(At("2013-03-10T12:00:00Z"));

        Assert.That(TimeSpan.FromMilliseconds(bucket.EndMillis - bucket.StartMillis), Is.EqualTo(TimeSpan.FromHours(23)));
    }

    [Test]
    public void AnOriginShiftsBuckets()
    {
        var twoDays = new PeriodGranularity(IsoPeriod.Parse("P2D"), TimeZoneInfo.Utc, At("2013-08-30T00:00:00Z"));

        Assert.Multiple(() =>
        {
            Assert.That(Bucket(twoDays, "2013-08-31T01:02:33Z"), Is.EqualTo("2013-08-30T00:00:00.000Z/2013-09-01T00:00:00.000Z"));
            Assert.That(Bucket(twoDays, "2013-08-29T23:00:00Z"), Is.EqualTo("2013-08-28T00:00:00.000Z/2013-08-30T00:00:00.000Z"));
        });
    }

    [Test]
    public void AMonthPeriodWithAnOriginCountsCalendarMonths()
    {
        var twoMonths = new PeriodGranularity(IsoPeriod.Parse("P2M"), TimeZoneInfo.Utc, At("2013-01-15T00:00:00Z"));

        Assert.That(Bucket(twoMonths, "2013-04-01T00:00:00Z"), Is.EqualTo("2013-03-15T00:00:00.000Z/2013-05-15T00:00:00.000Z"));
    }

    [Test]
    public void ADurationCountsFromItsOrigin()
    {
        var duration = new DurationGranularity(7_200_000, At("2012-01-01T00:30:00Z"));

        Assert.That(Bucket(duration, "2013-08-31T01:02:33Z"), Is.EqualTo("2013-08-31T00:30:00.000Z/2013-08-31T02:30:00.000Z"));
    }

    [Test]
    public void BucketStartsCoverAnInterval()
    {
        var hours = Granularity.FromName("hour").BucketStarts(Interval.Parse("2013-08-31T01:30:00Z/2013-08-31T04:00:00Z")).Select(DateTimes.Format);

        Assert.That(hours, Is.EqualTo(new[] { "2013-08-31T01:00:00.000Z", "2013-08-31T02:00:00.000Z", "2013-08-31T03:00:00.000Z" }));
    }

    [Test]
    public void SpecJsonReadsNamesAndObjects()
    {
        var options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);

        var period = System.Text.Json.JsonSerializer.Deserialize<Granularity>(
            """{"type": "period", "period": "P1D", "timeZone": "America/Los_Angeles"}""", options);
        var duration = System.Text.Json.JsonSerializer.Deserialize<Granularity>("""{"type": "duration", "duration": 7200000}""", options);
        var named = System.Text.Json.JsonSerializer.Deserialize<Granularity>("\"minute\"", options);

        Assert.Multiple(() =>
        {
            Assert.That(period, Is.TypeOf<PeriodGranularity>());
            Assert.That(duration, Is.TypeOf<DurationGranularity>().With.Property(nameof(DurationGranularity.DurationMillis)).EqualTo(7_200_000));
            Assert.That(named!.Name, Is.EqualTo("PT1M"));
        });
    }

    [Test]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Granularity.FromName("fortnight"))!;

        Assert.That(error.Message, Does.Contain("fortnight").And.Contain("fifteen_minute"));
    }

    [TestCase("2013-08-31T01:02:33Z/2013-08-31T02:00:00Z", "2013-08-31T01:02:33.000Z/2013-08-31T02:00:00.000Z")]
    [TestCase("2013-08-31/P1D", "2013-08-31T00:00:00.000Z/2013-09-01T00:00:00.000Z")]
    [TestCase("P1M/2013-09-01", "2013-08-01T00:00:00.000Z/2013-09-01T00:00:00.000Z")]
    [TestCase("2013-08-31T03:00:00+02:00/2013-08-31T04:00:00+02:00", "2013-08-31T01:00:00.000Z/2013-08-31T02:00:00.000Z")]
    public void IntervalsParseAndPrintAsDruidDoes(string text, string expected)
    {
        Assert.That(Interval.Parse(text).ToString(), Is.EqualTo(expected));
    }

    [TestCase("PT10M", 600_000L)]
    [TestCase("pt10m", 600_000L)]
    [TestCase("P1DT1H", 90_000_000L)]
    [TestCase("PT0.5S", 500L)]
    public void PeriodsHaveTheirLength(string text, long millis)
    {
        Assert.That(IsoPeriod.Parse(text).ToTimeSpan().TotalMilliseconds, Is.EqualTo(millis));
    }

    [Test]
    public void AMalformedIntervalIsQuoted()
    {
        Assert.That(() => Interval.Parse("yesterday"), Throws.TypeOf<FormatException>().With.Message.Contains("'yesterday'"));
    }
}
