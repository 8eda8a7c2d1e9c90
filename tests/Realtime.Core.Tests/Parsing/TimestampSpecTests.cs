using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

public class TimestampSpecTests
{
    private static InputRow ParseJson(TimestampSpec spec, string json) =>
        Parsers.String(new JsonParseSpec { TimestampSpec = spec }).Row(json);

    private static long ParseText(TimestampSpec spec, string value) =>
        Parsers.String(new TsvParseSpec { Columns = ["timestamp", "x"], TimestampSpec = spec }).Row($"{value}\tx").TimestampMillis;

    [TestCase("2013-08-31T01:02:33Z", "2013-08-31T01:02:33Z")]
    [TestCase("2013-08-31T01:02:33.123Z", "2013-08-31T01:02:33.123Z")]
    [TestCase("2013-08-31T01:02:33.1234567Z", "2013-08-31T01:02:33.123Z")]
    [TestCase("2013-08-31T01:02:33", "2013-08-31T01:02:33Z")]
    [TestCase("2013-08-31 01:02:33", "2013-08-31T01:02:33Z")]
    [TestCase("2013-08-31T01:02", "2013-08-31T01:02:00Z")]
    [TestCase("2013-08-31T01:02:33+02:00", "2013-08-30T23:02:33Z")]
    [TestCase("2013-08-31T01:02:33-0130", "2013-08-31T02:32:33Z")]
    [TestCase("2013-08-31", "2013-08-31T00:00:00Z")]
    [TestCase("2013-08", "2013-08-01T00:00:00Z")]
    [TestCase("2013-08-31T01Z", "2013-08-31T01:00:00Z")]
    [TestCase("1377910953000", "2013-08-31T01:02:33Z")]
    [TestCase("2013-08-31 01:02:33 America/Los_Angeles", "2013-08-31T08:02:33Z")]
    [TestCase("2013-08-31T01:02:33Z Asia/Tokyo", "2013-08-31T01:02:33Z")]
    public void AutoReadsIsoAndAllDigitMillis(string text, string expected)
    {
        Assert.That(ParseText(new TimestampSpec(), text), Is.EqualTo(Parsers.Millis(expected)));
        Assert.That(ParseJson(new TimestampSpec(), $$"""{"timestamp": "{{text}}"}""").TimestampMillis, Is.EqualTo(Parsers.Millis(expected)));
    }

    [Test]
    public void AutoReadsJsonNumbersAsMillis()
    {
        Assert.That(ParseJson(new TimestampSpec(), """{"timestamp": 1377910953000}""").TimestampMillis, Is.EqualTo(1377910953000));
        Assert.That(ParseJson(new TimestampSpec(), """{"timestamp": 1377910953000.7}""").TimestampMillis, Is.EqualTo(1377910953000));
    }

    [Test]
    public void IsoRequiresTheTSeparator()
    {
        var iso = new TimestampSpec { Format = "iso" };

        Assert.That(ParseText(iso, "2013-08-31T01:02:33Z"), Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
        Assert.Throws<ParseException>(() => ParseText(iso, "2013-08-31 01:02:33"));
    }

    [TestCase("millis", "1377910953123", 1377910953123L)]
    [TestCase("posix", "1377910953", 1377910953000L)]
    [TestCase("micro", "1377910953123456", 1377910953123L)]
    [TestCase("nano", "1377910953123456789", 1377910953123L)]
    [TestCase("ruby", "1377910953.1239", 1377910953123L)]
    [TestCase("POSIX", "\"1377910953\"", 1377910953000L)]
    public void NumericFormatsScaleToMillis(string format, string text, long expected)
    {
        Assert.That(ParseText(new TimestampSpec { Format = format }, text), Is.EqualTo(expected));
    }

    [TestCase("posix", 1377910953L, 1377910953000L)]
    [TestCase("micro", 1377910953123456L, 1377910953123L)]
    [TestCase("nano", 1377910953123456789L, 1377910953123L)]
    [TestCase("millis", 1377910953123L, 1377910953123L)]
    [TestCase("iso", 1377910953123L, 1377910953123L)]
    public void NumericJsonValuesUseTheNumericForm(string format, long value, long expected)
    {
        var row = ParseJson(new TimestampSpec { Format = format }, $$"""{"timestamp": {{value}}}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(expected));
    }

    [Test]
    public void RubyReadsFractionalJsonSeconds()
    {
        Assert.That(ParseJson(new TimestampSpec { Format = "ruby" }, """{"timestamp": 1377910953.5}""").TimestampMillis, Is.EqualTo(1377910953500));
    }

    [TestCase("yyyy-MM-dd HH:mm:ss", "2013-08-31 01:02:33", "2013-08-31T01:02:33Z")]
    [TestCase("yyyy-MM-dd HH:mm:ss", "2013-8-31 1:02:33", "2013-08-31T01:02:33Z")]
    [TestCase("yyyyMMddHHmmss", "20130831010233", "2013-08-31T01:02:33Z")]
    [TestCase("dd/MMM/yyyy:HH:mm:ss Z", "31/Aug/2013:01:02:33 +0200", "2013-08-30T23:02:33Z")]
    [TestCase("yyyy-MM-dd'T'HH:mm:ss.SSSZZ", "2013-08-31T01:02:33.250-01:00", "2013-08-31T02:02:33.250Z")]
    [TestCase("EEE, d MMM yyyy hh:mm a", "Sat, 31 Aug 2013 01:02 PM", "2013-08-31T13:02:00Z")]
    [TestCase("MM/dd/yy", "08/31/13", "2013-08-31T00:00:00Z")]
    [TestCase("yyyy 'at' H 'o''clock'", "2013 at 5 o'clock", "2013-01-01T05:00:00Z")]
    public void JodaPatternsAreTranslated(string pattern, string text, string expected)
    {
        Assert.That(ParseText(new TimestampSpec { Format = pattern }, text), Is.EqualTo(Parsers.Millis(expected)));
    }

    [Test]
    public void TimeZoneAppliesToPatternsWithoutOffset()
    {
        var spec = new TimestampSpec { Format = "yyyy-MM-dd HH:mm", TimeZone = "America/New_York" };

        Assert.That(ParseText(spec, "2013-08-31 01:00"), Is.EqualTo(Parsers.Millis("2013-08-31T05:00:00Z")));
        Assert.That(ParseText(spec, "2013-01-31 01:00"), Is.EqualTo(Parsers.Millis("2013-01-31T06:00:00Z")));
        Assert.That(ParseText(new TimestampSpec { Format = "yyyy-MM-dd HH:mm", TimeZone = "+05:30" }, "2013-08-31 01:00"),
            Is.EqualTo(Parsers.Millis("2013-08-30T19:30:00Z")));
    }

    [Test]
    public void UnsupportedPatternLettersAreRejectedNamingTheField()
    {
        var factory = new StringInputRowParserFactory { ParseSpec = new JsonParseSpec { TimestampSpec = new TimestampSpec { Format = "yyyy-DDD" } } };

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.StartWith("parseSpec.timestampSpec.format 'yyyy-DDD'").And.Contain("'DDD'"));
    }

    [Test]
    public void UnknownTimeZoneIsRejected()
    {
        var factory = new StringInputRowParserFactory { ParseSpec = new JsonParseSpec { TimestampSpec = new TimestampSpec { TimeZone = "Mars/Olympus" } } };

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.StartWith("parseSpec.timestampSpec.timeZone 'Mars/Olympus'"));
    }

    [Test]
    public void UnparseableTimestampNamesTheColumnAndQuotesTheValue()
    {
        var error = Assert.Throws<ParseException>(() => ParseJson(new TimestampSpec(), """{"timestamp": "abc"}"""));

        Assert.That(error!.Message, Is.EqualTo("Unparseable timestamp in column 'timestamp': 'abc'"));
        Assert.That(error.Input, Is.EqualTo("abc"));
    }

    [Test]
    public void UnparseableTimestampInAPatternFormat()
    {
        var error = Assert.Throws<ParseException>(() => ParseText(new TimestampSpec { Format = "yyyy-MM-dd", Column = "timestamp" }, "31.08.2013"));

        Assert.That(error!.Message, Is.EqualTo("Unparseable timestamp in column 'timestamp': '31.08.2013'"));
    }

    [TestCase("""{"x": 1}""")]
    [TestCase("""{"timestamp": null}""")]
    [TestCase("""{"timestamp": ""}""")]
    public void MissingTimestampIsAParseErrorWithoutMissingValue(string json)
    {
        var error = Assert.Throws<ParseException>(() => ParseJson(new TimestampSpec(), json));

        Assert.That(error!.Message, Does.Contain("Missing timestamp in column 'timestamp'"));
    }

    [TestCase("""{"x": 1}""")]
    [TestCase("""{"timestamp": null}""")]
    public void MissingValueStandsInForAnAbsentTimestamp(string json)
    {
        var row = ParseJson(new TimestampSpec { MissingValue = "2010-01-01T00:00:00Z" }, json);

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2010-01-01T00:00:00Z")));
    }

    [Test]
    public void ATimestampObjectOrListIsUnparseable()
    {
        Assert.Throws<ParseException>(() => ParseJson(new TimestampSpec(), """{"timestamp": ["2013-01-01"]}"""));
        Assert.Throws<ParseException>(() => ParseJson(new TimestampSpec(), """{"timestamp": true}"""));
    }

    [Test]
    public void EscapedTimestampTextIsDecodedFirst()
    {
        var row = ParseJson(new TimestampSpec(), """{"timestamp": "2013-08-31T01:02:33\u005A"}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
    }

    [Test]
    public void RepeatedTimestampsGiveTheSameResult()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var first = parser.Row("""{"timestamp": "2013-08-31T01:02:33Z"}""").TimestampMillis;
        var other = parser.Row("""{"timestamp": "2013-08-31T01:02:34Z"}""").TimestampMillis;
        var again = parser.Row("""{"timestamp": "2013-08-31T01:02:33Z"}""").TimestampMillis;

        Assert.That(other - first, Is.EqualTo(1000));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void ReadsTimestampsOfMapEvents()
    {
        var parser = Parsers.String(new JsonParseSpec());

        Assert.That(parser.Parse(new Dictionary<string, object?> { ["timestamp"] = 1377910953000L })!.TimestampMillis, Is.EqualTo(1377910953000));
        Assert.That(parser.Parse(new Dictionary<string, object?> { ["timestamp"] = new DateTimeOffset(2013, 8, 31, 1, 2, 33, TimeSpan.Zero) })!.TimestampMillis,
            Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
    }

    [Test]
    public void AnInvalidMissingValueIsRejected()
    {
        var factory = new StringInputRowParserFactory { ParseSpec = new JsonParseSpec { TimestampSpec = new TimestampSpec { MissingValue = "soon" } } };

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.StartWith("parseSpec.timestampSpec.missingValue 'soon'"));
    }

    [Test]
    public void InvalidDatesFallBackAndFail()
    {
        Assert.Throws<ParseException>(() => ParseText(new TimestampSpec(), "2013-02-30T00:00:00Z"));
        Assert.Throws<ParseException>(() => ParseText(new TimestampSpec(), "2013-08-31T25:00:00Z"));
    }

    [Test]
    public void IsoTextsAgreeWithTheFrameworkParserOverManyInstants()
    {
        var random = new Random(7);
        var parser = Parsers.String(new JsonParseSpec());
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd"];

        for (var i = 0; i < 2000; i++)
        {
            var instant = new DateTimeOffset(1600, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(random.NextInt64(0, 20_000_000_000_000L));
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 4, 14 * 4 + 1) * 15);
            var format = formats[i % formats.Length];
            var text = instant.ToOffset(format.Contains("zzz") ? offset : TimeSpan.Zero).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            var expected = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

            Assert.That(parser.Row($$"""{"timestamp": "{{text}}"}""").TimestampMillis, Is.EqualTo(expected), text);
        }
    }

    [TestCase("2012-02-29T00:00:00Z", "2012-02-29T00:00:00Z")]
    [TestCase("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z")]
    [TestCase("2000-02-29", "2000-02-29T00:00:00Z")]
    public void CalendarEdges(string text, string expected)
    {
        Assert.That(ParseText(new TimestampSpec(), text), Is.EqualTo(Parsers.Millis(expected)));
    }

    [TestCase("2013-02-29T00:00:00Z")]
    [TestCase("1900-02-29")]
    [TestCase("2013-13-01")]
    public void ImpossibleDatesAreUnparseable(string text)
    {
        Assert.Throws<ParseException>(() => ParseText(new TimestampSpec(), text));
    }
}
