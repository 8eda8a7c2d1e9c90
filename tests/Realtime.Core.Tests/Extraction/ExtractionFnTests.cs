using Realtime.Core.Extraction;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Extraction;

public class ExtractionFnTests
{
    private static ExtractionFn Fn(string json) => Read<ExtractionFn>(json);

    private static string Problem(string json) => Error<ExtractionFn>(json).Message;

    [Test]
    public void RegexReturnsTheFirstGroupOfTheFirstMatch()
    {
        var fn = Fn("""{"type": "regex", "expr": "(\\w\\w\\w).*"}""");

        Assert.That(new[] { fn.Apply("Monday"), fn.Apply("Tuesday"), fn.Apply("Wednesday") }, Is.EqualTo(new[] { "Mon", "Tue", "Wed" }));
        Assert.That(fn.Apply("ab"), Is.EqualTo("ab"), "no match keeps the value");
        Assert.That(fn.Apply(null), Is.Null);
        Assert.That((fn.PreservesOrdering, fn.IsOneToOne), Is.EqualTo((false, false)));
    }

    [Test]
    public void RegexIndexChoosesTheGroup()
    {
        Assert.That(Fn("""{"type": "regex", "expr": "(\\d+)-(\\d+)", "index": 2}""").Apply("id 12-34"), Is.EqualTo("34"));
        Assert.That(Fn("""{"type": "regex", "expr": "\\d+-\\d+", "index": 0}""").Apply("id 12-34 x"), Is.EqualTo("12-34"));
        Assert.That(Fn("""{"type": "regex", "expr": "(a)|(b)", "index": 1}""").Apply("b"), Is.Null, "a group outside the match gives null");
    }

    [Test]
    public void RegexCanReplaceValuesWithoutAMatch()
    {
        var fn = Fn("""{"type": "regex", "expr": "(a\\w+)", "replaceMissingValue": true, "replaceMissingValueWith": "foobar"}""");

        Assert.That(fn.Apply("apple"), Is.EqualTo("apple"));
        Assert.That(fn.Apply("cherry"), Is.EqualTo("foobar"));
        Assert.That(fn.Apply(null), Is.EqualTo("foobar"), "no value is matched as the empty text");
        Assert.That(Fn("""{"type": "regex", "expr": "(a\\w+)", "replaceMissingValue": true}""").Apply("cherry"), Is.Null);
    }

    [Test]
    public void RegexErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "regex"}"""), Does.Contain("regex extraction function: expr is required."));
        Assert.That(Problem("""{"type": "regex", "expr": "(a"}"""), Does.Contain("regex extraction function: expr '(a' is not a valid regular expression"));
        Assert.That(Problem("""{"type": "regex", "expr": "(a)", "index": 2}"""), Does.Contain("regex extraction function: index 2 is not a group of expr '(a)', which has 1 group(s)."));
    }

    [Test]
    public void PartialKeepsMatchingValues()
    {
        var fn = Fn("""{"type": "partial", "expr": "^a"}""");

        Assert.That(new[] { fn.Apply("apple"), fn.Apply("banana"), fn.Apply(null), fn.Apply("") }, Is.EqualTo(new[] { "apple", null, null, null }));
        Assert.That(Problem("""{"type": "partial"}"""), Does.Contain("partial extraction function: expr is required."));
    }

    [Test]
    public void SearchQueryKeepsMatchingValues()
    {
        var fn = Fn("""{"type": "searchQuery", "query": {"type": "contains", "value": "ban"}}""");

        Assert.That(new[] { fn.Apply("Banana"), fn.Apply("apple"), fn.Apply(null) }, Is.EqualTo(new[] { "Banana", null, null }));
        Assert.That(Fn("""{"type": "searchQuery", "query": {"type": "fragment", "values": ["a", "e"], "caseSensitive": true}}""").Apply("apple"), Is.EqualTo("apple"));
        Assert.That(Problem("""{"type": "searchQuery"}"""), Does.Contain("searchQuery extraction function: query is required."));
    }

    [Test]
    public void SubstringTakesCodeUnitsFromTheIndex()
    {
        var withLength = Fn("""{"type": "substring", "index": 1, "length": 4}""");
        var rest = Fn("""{"type": "substring", "index": 3}""");

        Assert.That(withLength.Apply("Monday"), Is.EqualTo("onda"));
        Assert.That(withLength.Apply("Mon"), Is.EqualTo("on"), "a length beyond the value gives the rest");
        Assert.That(rest.Apply("Monday"), Is.EqualTo("day"));
        Assert.That(rest.Apply("Mon"), Is.Null, "an index at or beyond the end gives null");
        Assert.That(rest.Apply(null), Is.Null);
        Assert.That(rest.Apply(123456L), Is.EqualTo("456"));
    }

    [Test]
    public void SubstringFromTheStartPreservesOrdering()
    {
        Assert.That(Fn("""{"type": "substring", "index": 0, "length": 2}""").PreservesOrdering, Is.True);
        Assert.That(Fn("""{"type": "substring", "index": 1}""").PreservesOrdering, Is.False);
    }

    [Test]
    public void SubstringErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "substring", "index": 1, "length": 0}"""), Does.Contain("substring extraction function: length must be positive; got 0."));
        Assert.That(Problem("""{"type": "substring", "index": -1}"""), Does.Contain("substring extraction function: index must be zero or more; got -1."));
    }

    [Test]
    public void StrlenCountsCodeUnitsAndNoValueIsZero()
    {
        var fn = Fn("""{"type": "strlen"}""");

        Assert.That(new[] { fn.Apply("abc"), fn.Apply("\U0001F600"), fn.Apply(null), fn.Apply(""), fn.Apply(12345L) },
            Is.EqualTo(new[] { "3", "2", "0", "0", "5" }));
    }

    [Test]
    public void UpperAndLowerChangeCase()
    {
        Assert.That(Fn("""{"type": "upper"}""").Apply("Druid"), Is.EqualTo("DRUID"));
        Assert.That(Fn("""{"type": "lower"}""").Apply("Druid"), Is.EqualTo("druid"));
        Assert.That(Fn("""{"type": "upper"}""").Apply(null), Is.Null);
        Assert.That(Fn("""{"type": "lower"}""").Apply(""), Is.Null);
    }

    [Test]
    public void UpperAndLowerFollowTheLocale()
    {
        Assert.That(Fn("""{"type": "upper", "locale": "tr"}""").Apply("istanbul"), Is.EqualTo("\u0130STANBUL"));
        Assert.That(Fn("""{"type": "upper"}""").Apply("istanbul"), Is.EqualTo("ISTANBUL"));
        Assert.That(Fn("""{"type": "lower", "locale": "tr"}""").Apply("I"), Is.EqualTo("\u0131"));
        Assert.That(Problem("""{"type": "lower", "locale": "no-such-locale"}"""), Does.Contain("lower extraction function: locale 'no-such-locale' is not a known locale"));
    }

    [Test]
    public void TimeFormatPrintsTheDayOfWeekInMontrealInFrench()
    {
        var fn = Fn("""{"type": "timeFormat", "format": "EEEE", "timeZone": "America/Montreal", "locale": "fr"}""");

        // 03:00 UTC on Monday 5 January 2015 is still Sunday evening in Montreal (UTC-5).
        Assert.That(fn.Apply(Millis("2015-01-05T03:00:00Z")), Is.EqualTo("dimanche"));
        Assert.That(fn.Apply(Millis("2015-01-05T12:00:00Z")), Is.EqualTo("lundi"));
    }

    [Test]
    public void TimeFormatWithoutFormatPrintsIso()
    {
        var utc = Fn("""{"type": "timeFormat"}""");
        var plusOne = Fn("""{"type": "timeFormat", "timeZone": "+01:00"}""");
        var millis = Millis("2015-01-01T00:00:00Z");

        Assert.That(utc.Apply(millis), Is.EqualTo("2015-01-01T00:00:00.000Z"));
        Assert.That(plusOne.Apply(millis), Is.EqualTo("2015-01-01T01:00:00.000+01:00"));
    }

    [Test]
    public void TimeFormatTruncatesToTheGranularityFirst()
    {
        var fn = Fn("""{"type": "timeFormat", "format": "yyyy-MM-dd HH:mm", "granularity": "day"}""");

        Assert.That(fn.Apply(Millis("2015-01-05T13:45:10Z")), Is.EqualTo("2015-01-05 00:00"));
        Assert.That(fn.Apply("2015-01-05T13:45:10Z"), Is.EqualTo("2015-01-05 00:00"));
    }

    [Test]
    public void TimeFormatReadsIsoTextAndMillisTextWithAsMillis()
    {
        var iso = Fn("""{"type": "timeFormat", "format": "HH:mm:ss.SSS"}""");
        var asMillis = Fn("""{"type": "timeFormat", "format": "HH:mm:ss.SSS", "asMillis": true}""");
        var text = Millis("2015-01-05T13:45:10.250Z").ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(iso.Apply("2015-01-05T13:45:10.250Z"), Is.EqualTo("13:45:10.250"));
        Assert.That(iso.Apply(text), Is.Null, "without asMillis a number is not a time");
        Assert.That(asMillis.Apply(text), Is.EqualTo("13:45:10.250"));
        Assert.That(asMillis.Apply("2015-01-05T13:45:10.250Z"), Is.EqualTo("13:45:10.250"), "text that is not a number is still read as ISO");
        Assert.That(new[] { iso.Apply("yesterday"), iso.Apply(null), iso.Apply("") }, Is.EqualTo(new string?[] { null, null, null }));
    }

    [Test]
    public void TimeFormatWithAsMillisAndNoFormatGivesMillis()
    {
        var fn = Fn("""{"type": "timeFormat", "asMillis": true, "granularity": "hour"}""");

        Assert.That(fn.Apply("1420070400123"), Is.EqualTo("1420070400000"));
        Assert.That(fn.Apply(1420074000000.5), Is.EqualTo("1420074000000"));
    }

    [Test]
    public void TimeFormatPrintsEveryPatternLetter()
    {
        // Friday 1 January 2016 lies in ISO week 53 of 2015; hour 0 is 24 on the 1–24 clock and 12 AM on the 1–12 clock.
        var fn = Fn("""{"type": "timeFormat", "format": "yy yyyy MMM MMMM M dd D w xxxx e E EEEE k K h a H mm ss S SS SSSS Z ZZ ZZZ 'o''clock'"}""");

        Assert.That(fn.Apply(Millis("2016-01-01T00:05:09.250Z")),
            Is.EqualTo("16 2016 Jan January 1 01 1 53 2015 5 Fri Friday 24 0 12 AM 0 05 09 2 25 2500 +0000 +00:00 UTC o'clock"));
    }

    [Test]
    public void TimeFormatPrintsTheZonesOffset()
    {
        var fn = Fn("""{"type": "timeFormat", "format": "HH:mm Z ZZ ZZZ", "timeZone": "America/Los_Angeles"}""");

        Assert.That(fn.Apply(Millis("2015-07-01T12:00:00Z")), Is.EqualTo("05:00 -0700 -07:00 America/Los_Angeles"));
        Assert.That(fn.Apply(Millis("2015-01-01T12:00:00Z")), Is.EqualTo("04:00 -0800 -08:00 America/Los_Angeles"));
    }

    [Test]
    public void TimeFormatErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "timeFormat", "asMillis": true, "timeZone": "UTC"}"""), Does.Contain("timeFormat extraction function: timeZone requires a format when asMillis is true."));
        Assert.That(Problem("""{"type": "timeFormat", "format": "G yyyy"}"""), Does.Contain("timeFormat extraction function: format 'G yyyy' uses the pattern letter 'G'"));
        Assert.That(Problem("""{"type": "timeFormat", "timeZone": "Mars/Olympus"}"""), Does.Contain("timeFormat extraction function: timeZone 'Mars/Olympus' is not a known time zone"));
    }

    [Test]
    public void TimeParsesAndReformatsText()
    {
        var fn = Fn("""{"type": "time", "timeFormat": "MM/dd/yyyy", "resultFormat": "yyyy-MM-dd EEE"}""");

        Assert.That(fn.Apply("01/05/2015"), Is.EqualTo("2015-01-05 Mon"));
        Assert.That(fn.Apply("not a date"), Is.EqualTo("not a date"), "text that does not parse stays as it is");
        Assert.That(fn.Apply(null), Is.Null);
        Assert.That(Problem("""{"type": "time", "timeFormat": "MM/dd/yyyy"}"""), Does.Contain("time extraction function: resultFormat is required."));
        Assert.That(Problem("""{"type": "time", "timeFormat": "w", "resultFormat": "yyyy"}"""), Does.Contain("time extraction function: timeFormat 'w' uses the pattern letter 'w'"));
    }

    [Test]
    public void LookupRetainsMissingValues()
    {
        var fn = Fn("""
            {"type": "lookup", "lookup": {"type": "map", "map": {"foo": "bar", "baz": "bat"}}, "retainMissingValue": true, "injective": true}
            """);

        Assert.That(new[] { fn.Apply("foo"), fn.Apply("baz"), fn.Apply("other"), fn.Apply(null) }, Is.EqualTo(new[] { "bar", "bat", "other", null }));
        Assert.That(fn.IsOneToOne, Is.True);
    }

    [Test]
    public void LookupReplacesMissingValues()
    {
        var fn = Fn("""
            {"type": "lookup", "lookup": {"type": "map", "map": {"foo": "bar", "baz": "bat"}}, "retainMissingValue": false, "injective": false, "replaceMissingValueWith": "MISSING"}
            """);

        Assert.That(new[] { fn.Apply("foo"), fn.Apply("other") }, Is.EqualTo(new[] { "bar", "MISSING" }));
        Assert.That(fn.IsOneToOne, Is.False);
        Assert.That(Fn("""{"type": "lookup", "lookup": {"type": "map", "map": {"foo": "bar"}}}""").Apply("other"), Is.Null);
    }

    [Test]
    public void LookupMapsNoValueThroughTheEmptyKey()
    {
        var withEmptyKey = Fn("""{"type": "lookup", "lookup": {"type": "map", "map": {"": "bar", "bat": "baz"}}, "replaceMissingValueWith": "oof"}""");
        var without = Fn("""{"type": "lookup", "lookup": {"type": "map", "map": {"bat": "baz"}}, "replaceMissingValueWith": "oof"}""");
        string?[] values = [null, "foo", "bat"];

        Assert.That(values.Select(withEmptyKey.Apply), Is.EqualTo(new[] { "bar", "oof", "baz" }));
        Assert.That(values.Select(without.Apply), Is.EqualTo(new[] { "oof", "oof", "baz" }));
    }

    [Test]
    public void LookupIsOneToOneAsTheMapDeclaresUnlessInjectiveIsSet()
    {
        Assert.That(Fn("""{"type": "lookup", "lookup": {"type": "map", "map": {}, "isOneToOne": true}}""").IsOneToOne, Is.True);
        Assert.That(Fn("""{"type": "lookup", "lookup": {"type": "map", "map": {}, "isOneToOne": true}, "injective": false}""").IsOneToOne, Is.False);
    }

    [Test]
    public void LookupErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "lookup", "lookup": {"type": "map", "map": {}}, "retainMissingValue": true, "replaceMissingValueWith": "x"}"""),
            Does.Contain("lookup extraction function: retainMissingValue cannot be true when replaceMissingValueWith is set."));
        Assert.That(Problem("""{"type": "lookup"}"""), Does.Contain("lookup extraction function: lookup is required"));
        Assert.That(Problem("""{"type": "lookup", "lookup": {"type": "map"}}"""), Does.Contain("map lookup: map is required."));
        Assert.That(Problem("""{"type": "lookup", "lookup": {"type": "jdbc"}}"""), Does.Contain("Unknown lookup type 'jdbc'. Known lookup types: map."));
    }

    [Test]
    public void RegisteredLookupsAreRefused()
    {
        var error = Error<ExtractionFn>("""{"type": "registeredLookup", "lookup": "some_lookup_name", "retainMissingValue": true}""");

        Assert.That(error.Message, Does.Contain("registeredLookup extraction function: lookup 'some_lookup_name' cannot be used, as this node has no lookup registry"));
    }

    [Test]
    public void StringFormatHandlesNoValueAsAsked()
    {
        Assert.That(Fn("""{"type": "stringFormat", "format": "[%s]"}""").Apply("x"), Is.EqualTo("[x]"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "[%s]"}""").Apply(null), Is.EqualTo("[null]"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "[%s]", "nullHandling": "nullString"}""").Apply(""), Is.EqualTo("[null]"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "[%s]", "nullHandling": "emptyString"}""").Apply(null), Is.EqualTo("[]"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "[%s]", "nullHandling": "returnNull"}""").Apply(null), Is.Null);
        Assert.That(Fn("""{"type": "stringFormat", "format": "%s", "nullHandling": "emptyString"}""").Apply(null), Is.Null, "an empty result is null");
    }

    [Test]
    public void StringFormatFollowsJavaFormatting()
    {
        Assert.That(Fn("""{"type": "stringFormat", "format": "%1$s-%<S"}""").Apply("ab"), Is.EqualTo("ab-AB"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "%-5s|%1$5.1s|"}""").Apply("ab"), Is.EqualTo("ab   |    a|"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "100%% %s%n"}""").Apply("ab"), Is.EqualTo("100% ab\n"));
        Assert.That(Fn("""{"type": "stringFormat", "format": "id-%s"}""").Apply(42L), Is.EqualTo("id-42"));
    }

    [Test]
    public void StringFormatErrorsNameTheFormat()
    {
        Assert.That(Problem("""{"type": "stringFormat"}"""), Does.Contain("stringFormat extraction function: format is required."));
        Assert.That(Problem("""{"type": "stringFormat", "format": "[%d]"}"""), Does.Contain("stringFormat extraction function: format '[%d]' uses '%d', which cannot format a text value (use %s)."));
        Assert.That(Problem("""{"type": "stringFormat", "format": "%s %s"}"""), Does.Contain("format '%s %s' has more than one %s"));
        Assert.That(Problem("""{"type": "stringFormat", "format": "%2$s"}"""), Does.Contain("format '%2$s' refers to argument 2"));
        Assert.That(Problem("""{"type": "stringFormat", "format": "50%"}"""), Does.Contain("format '50%' has a stray '%'"));
        Assert.That(Problem("""{"type": "stringFormat", "format": "%s", "nullHandling": "zero"}"""), Does.Contain("nullHandling"));
    }

    [Test]
    public void CascadeAppliesTheFunctionsInOrder()
    {
        var fn = Fn("""
            {"type": "cascade", "extractionFns": [
              {"type": "regex", "expr": "/([^/]+)/", "replaceMissingValue": false, "replaceMissingValueWith": null},
              {"type": "stringFormat", "format": "the %s"},
              {"type": "substring", "index": 0, "length": 7}
            ]}
            """);

        Assert.That(fn.Apply("/druid/prod/historical"), Is.EqualTo("the dru"));
    }

    [Test]
    public void CascadeGivesTheFirstFunctionTheTimestamp()
    {
        var fn = Fn("""{"type": "cascade", "extractionFns": [{"type": "timeFormat", "format": "EEE"}, {"type": "upper"}]}""");

        Assert.That(fn.Apply(Millis("2015-01-05T00:00:00Z")), Is.EqualTo("MON"));
    }

    [Test]
    public void CascadeOrderingAndInjectivityNeedEveryFunction()
    {
        var keeping = Fn("""{"type": "cascade", "extractionFns": [{"type": "identity"}, {"type": "substring", "index": 0}]}""");
        var mixed = Fn("""{"type": "cascade", "extractionFns": [{"type": "identity"}, {"type": "upper"}]}""");

        Assert.That((keeping.PreservesOrdering, keeping.IsOneToOne), Is.EqualTo((true, false)));
        Assert.That(mixed.PreservesOrdering, Is.False);
        Assert.That(Fn("""{"type": "cascade", "extractionFns": [{"type": "identity"}]}""").IsOneToOne, Is.True);
    }

    [Test]
    public void CascadeErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "cascade", "extractionFns": []}"""), Does.Contain("cascade extraction function: extractionFns must list at least one extraction function."));

        var nested = Error<ExtractionFn>("""{"type": "cascade", "extractionFns": [{"type": "identity"}, {"type": "regex", "expr": "("}]}""");
        Assert.That(nested.Message, Does.Contain("$.extractionFns[1]").And.Contain("regex extraction function: expr '(' is not a valid regular expression"));
    }

    [Test]
    public void BucketMapsNumbersToTheStartOfTheirBucket()
    {
        var fn = Fn("""{"type": "bucket", "size": 5, "offset": 2}""");

        Assert.That(new[] { fn.Apply("2"), fn.Apply("6.9"), fn.Apply("7"), fn.Apply("11"), fn.Apply("1") }, Is.EqualTo(new[] { "2", "2", "7", "7", "-3" }));
        Assert.That(new[] { fn.Apply(12L), fn.Apply(12.5) }, Is.EqualTo(new[] { "12", "12" }));
        Assert.That(new[] { fn.Apply("abc"), fn.Apply(null), fn.Apply(double.NaN) }, Is.EqualTo(new string?[] { null, null, null }));
    }

    [Test]
    public void BucketDefaultsAndFractionalSizes()
    {
        Assert.That(Fn("""{"type": "bucket"}""").Apply("3.7"), Is.EqualTo("3"));
        Assert.That(Fn("""{"type": "bucket", "size": 2.5}""").Apply(8L), Is.EqualTo("7.5"));
        Assert.That(Problem("""{"type": "bucket", "size": 0}"""), Does.Contain("bucket extraction function: size must be a positive number; got 0."));
    }

    [Test]
    public void IdentityKeepsValues()
    {
        var fn = Fn("""{"type": "identity"}""");

        Assert.That(new[] { fn.Apply("x"), fn.Apply(""), fn.Apply(7L) }, Is.EqualTo(new[] { "x", null, "7" }));
        Assert.That((fn.PreservesOrdering, fn.IsOneToOne), Is.EqualTo((true, true)));
    }

    [Test]
    public void UnknownTypesListTheKnownOnes()
    {
        Assert.That(Problem("""{"type": "javascript", "function": "function(x) { return x; }"}"""),
            Does.Contain("Unknown extractionFn type 'javascript'").And.Contain("timeFormat").And.Contain("cascade"));
    }

    [Test]
    public void FunctionsWriteJsonThatReadsBackTheSame()
    {
        var fn = Fn("""
            {"type": "cascade", "extractionFns": [
              {"type": "timeFormat", "format": "yyyy-MM-dd", "timeZone": "America/Los_Angeles", "granularity": "day", "locale": "en-US"},
              {"type": "lookup", "lookup": {"type": "map", "map": {"2015-01-04": "sunday"}, "isOneToOne": true}, "retainMissingValue": true},
              {"type": "regex", "expr": "(\\w+)", "index": 1, "replaceMissingValue": true, "replaceMissingValueWith": "none"},
              {"type": "stringFormat", "format": "<%s>", "nullHandling": "returnNull"}
            ]}
            """);

        var json = Write(fn);
        var again = (CascadeExtractionFn)RoundTrip(fn);

        Assert.That(json, Does.Not.Contain("preservesOrdering").And.Not.Contain("isOneToOne\":false"));
        Assert.That(again.ExtractionFns!.Select(f => f.GetType()), Is.EqualTo(((CascadeExtractionFn)fn).ExtractionFns!.Select(f => f.GetType())));
        var time = (TimeFormatExtractionFn)again.ExtractionFns![0];
        Assert.That((time.Format, time.TimeZone, time.Locale, time.Granularity?.Name), Is.EqualTo(("yyyy-MM-dd", "America/Los_Angeles", "en-US", "P1D")));
        Assert.That(((LookupExtractionFn)again.ExtractionFns[1]).Lookup!.IsOneToOne, Is.True);
        Assert.That(((StringFormatExtractionFn)again.ExtractionFns[3]).NullHandling, Is.EqualTo(StringFormatNullHandling.ReturnNull));

        // The UTC day of 03:00 on 5 January starts at 16:00 on 4 January in Los Angeles.
        var millis = Millis("2015-01-05T03:00:00Z");
        Assert.That((fn.Apply(millis), again.Apply(millis)), Is.EqualTo(("<sunday>", "<sunday>")));
    }

    [Test]
    public void SimpleFunctionsReadBackTheirFields()
    {
        var bucket = (BucketExtractionFn)RoundTrip(Fn("""{"type": "bucket", "size": 5, "offset": 2}"""));
        var substring = (SubstringExtractionFn)RoundTrip(Fn("""{"type": "substring", "index": 1, "length": 4}"""));
        var search = (SearchQueryExtractionFn)RoundTrip(Fn("""{"type": "searchQuery", "query": {"type": "contains", "value": "ban"}}"""));
        var time = (TimeParseExtractionFn)RoundTrip(Fn("""{"type": "time", "timeFormat": "MM/dd/yyyy", "resultFormat": "yyyy", "joda": true}"""));

        Assert.That((bucket.Size, bucket.Offset), Is.EqualTo((5.0, 2.0)));
        Assert.That((substring.Index, substring.Length), Is.EqualTo((1, 4)));
        Assert.That(search.Apply("banana"), Is.EqualTo("banana"));
        Assert.That((time.TimeFormat, time.ResultFormat, time.Joda), Is.EqualTo(("MM/dd/yyyy", "yyyy", true)));
    }
}
