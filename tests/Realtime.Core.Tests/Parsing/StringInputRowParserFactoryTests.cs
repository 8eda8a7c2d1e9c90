using System.Text;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

public class StringInputRowParserFactoryTests
{
    private static readonly string[] Pages = ["Gypsy Danger", "Striker Eureka", "Cherno Alpha", "Crimson Typhoon", "Coyote Tango"];
    private static readonly string[] Times = ["2013-08-31T01:02:33Z", "2013-08-31T03:32:45Z", "2013-08-31T07:11:21Z", "2013-08-31T11:58:39Z", "2013-08-31T12:41:27Z"];
    private static readonly long[] Added = [57, 459, 123, 905, 1];
    private static readonly long[] Delta = [-143, 330, 111, 900, -9];

    [Test]
    public void ReadsTheWikipediaJsonRowsOfTheDataFormatsPage()
    {
        var parser = Parsers.FromJson("""
            {"type": "string", "parseSpec": {"format": "json", "timestampSpec": {"column": "timestamp"},
             "dimensionsSpec": {"dimensions": ["page","language","user","unpatrolled","newPage","robot","anonymous","namespace","continent","country","region","city"]}}}
            """);

        for (var i = 0; i < 5; i++)
        {
            var row = parser.Row(WikipediaRows.Json[i]);

            Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis(Times[i])));
            Assert.That(row.Dimensions, Is.EqualTo(WikipediaRows.Dimensions));
            Assert.That(row.GetDimension("page"), Is.EqualTo(new[] { Pages[i] }));
            Assert.That(row.GetRaw("added"), Is.EqualTo(Added[i]).And.TypeOf<long>());
            Assert.That(row.GetRaw("delta"), Is.EqualTo(Delta[i]));
        }

        Assert.That(parser.Row(WikipediaRows.Json[0]).GetRaw("city"), Is.EqualTo("San Francisco"));
    }

    [Test]
    public void ReadsTheWikipediaCsvRowsWithQuotedCells()
    {
        var parser = Parsers.FromJson("""
            {"parseSpec": {"format": "csv", "timestampSpec": {"column": "timestamp"},
             "columns": ["timestamp","page","language","user","unpatrolled","newPage","robot","anonymous","namespace","continent","country","region","city","added","deleted","delta"],
             "dimensionsSpec": {"dimensions": ["page","language","user","unpatrolled","newPage","robot","anonymous","namespace","continent","country","region","city"]}}}
            """);

        for (var i = 0; i < 5; i++)
        {
            var row = parser.Row(WikipediaRows.Csv[i]);

            Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis(Times[i])));
            Assert.That(row.GetDimension("page"), Is.EqualTo(new[] { Pages[i] }));
            Assert.That(row.GetRaw("added"), Is.EqualTo(Added[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(parser.Row(WikipediaRows.Csv[0]).GetRaw("country"), Is.EqualTo("United States"));
    }

    [Test]
    public void ReadsTheWikipediaTsvRowsKeepingQuotesAsTsvHasNoQuoting()
    {
        var spec = new TsvParseSpec { Columns = WikipediaRows.Columns, DimensionsSpec = Parsers.Dimensions(WikipediaRows.Dimensions) };
        var parser = Parsers.String(spec);

        for (var i = 0; i < 5; i++)
        {
            var row = parser.Row(WikipediaRows.Tsv[i]);

            Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis(Times[i])));
            Assert.That(row.GetRaw("page"), Is.EqualTo($"\"{Pages[i]}\""));
            Assert.That(row.GetRaw("delta"), Is.EqualTo(Delta[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public void TsvIsTheFormatWhenTheSpecNamesNone()
    {
        var parser = Parsers.FromJson("""{"parseSpec": {"columns": ["timestamp", "page"], "delimiter": "|"}}""");

        var row = parser.Row("2013-08-31T01:02:33Z|Gypsy Danger");

        Assert.That(row.GetRaw("page"), Is.EqualTo("Gypsy Danger"));
    }

    [Test]
    public void DiscoversDimensionsInFieldOrderSkippingTimestampExclusionsAndImplicitExclusions()
    {
        var spec = new JsonParseSpec { DimensionsSpec = new DimensionsSpec { DimensionExclusions = ["robot"] } };
        var parser = Parsers.String(spec, "added", "deleted", "delta");

        var row = parser.Row(WikipediaRows.Json[0]);

        Assert.That(row.Dimensions, Is.EqualTo(new[]
        {
            "page", "language", "user", "unpatrolled", "newPage", "anonymous", "namespace", "continent", "country", "region", "city",
        }));
        Assert.That(row.GetRaw("robot"), Is.EqualTo("false"), "an excluded field is still readable by aggregators");
    }

    [Test]
    public void DiscoveryFollowsEachRowsOwnFieldsWhenTheLayoutChanges()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var first = parser.Row("""{"timestamp": 1, "b": "x", "a": "y"}""");
        var second = parser.Row("""{"a": "y", "timestamp": 2, "c": 3}""");
        var third = parser.Row("""{"timestamp": 3, "b": "x", "a": "y"}""");

        Assert.That(first.Dimensions, Is.EqualTo(new[] { "b", "a" }));
        Assert.That(second.Dimensions, Is.EqualTo(new[] { "a", "c" }));
        Assert.That(third.Dimensions, Is.EqualTo(new[] { "b", "a" }));
        Assert.That(third.GetRaw("c"), Is.Null);
    }

    [Test]
    public void JsonValuesKeepTheirTypes()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var row = parser.Row("""{"timestamp": 0, "s": "text", "i": 12, "big": 9007199254740993, "d": 1.5, "e": 1e3, "t": true, "f": false, "n": null, "o": {"x": 1}}""");

        Assert.Multiple(() =>
        {
            Assert.That(row.GetRaw("s"), Is.EqualTo("text"));
            Assert.That(row.GetRaw("i"), Is.EqualTo(12L).And.TypeOf<long>());
            Assert.That(row.GetRaw("big"), Is.EqualTo(9007199254740993L));
            Assert.That(row.GetRaw("d"), Is.EqualTo(1.5).And.TypeOf<double>());
            Assert.That(row.GetRaw("e"), Is.EqualTo(1000.0).And.TypeOf<double>());
            Assert.That(row.GetRaw("t"), Is.EqualTo(true));
            Assert.That(row.GetRaw("f"), Is.EqualTo(false));
            Assert.That(row.GetRaw("n"), Is.Null);
            Assert.That(row.Dimensions, Is.EqualTo(new[] { "s", "i", "big", "d", "e", "t", "f", "n" }), "nested objects are not discovered");
        });
    }

    [Test]
    public void JsonArraysOfScalarsAreMultiValueDimensions()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var row = parser.Row("""{"timestamp": 0, "tags": ["t1", "t2", 3, 4.5, true, null], "empty": [], "mixed": [1, {"a": 2}]}""");

        Assert.That(row.GetRaw("tags"), Is.TypeOf<string?[]>());
        Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { "t1", "t2", "3", "4.5", "true", null }));
        Assert.That(row.GetDimension("empty"), Is.Empty);
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "tags", "empty" }), "a list holding an object is not discovered");
    }

    [Test]
    public void ListDelimiterSplitsCsvAndTsvCellsIntoSeveralValues()
    {
        var csv = Parsers.String(new CsvParseSpec { Columns = ["timestamp", "tags", "one"], ListDelimiter = "|" });
        var tsv = Parsers.String(new TsvParseSpec { Columns = ["timestamp", "tags", "one"] });

        var fromCsv = csv.Row("2013-08-31T00:00:00Z,a|b||c,x");
        var fromTsv = tsv.Row("2013-08-31T00:00:00Z\ta\u0001b\tx");

        Assert.That(fromCsv.GetDimension("tags"), Is.EqualTo(new[] { "a", "b", null, "c" }));
        Assert.That(fromCsv.GetRaw("one"), Is.EqualTo("x"));
        Assert.That(fromTsv.GetDimension("tags"), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void EmptyCellsAreNullAndMissingTrailingCellsAreAbsent()
    {
        var parser = Parsers.String(new CsvParseSpec { Columns = ["timestamp", "a", "b", "c"] });

        var row = parser.Row("2013-08-31T00:00:00Z,,\"x,\"\"y\"\"\"");

        Assert.That(row.GetRaw("a"), Is.Null);
        Assert.That(row.GetRaw("b"), Is.EqualTo("x,\"y\""));
        Assert.That(((ParsedInputRow)row).FieldCount, Is.EqualTo(3));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void RegexCaptureGroupsBecomeColumns()
    {
        var parser = Parsers.FromJson("""
            {"parseSpec": {"format": "regex", "pattern": "(\\S+) (\\S+) \\[(\\w+)\\]", "columns": ["timestamp", "user", "level"]}}
            """);

        var row = parser.Row("2013-08-31T01:02:33Z nuclear [WARN]");

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
        Assert.That(row.GetRaw("user"), Is.EqualTo("nuclear"));
        Assert.That(row.GetRaw("level"), Is.EqualTo("WARN"));
    }

    [Test]
    public void RegexColumnsDefaultToColumnN()
    {
        var parser = Parsers.String(new RegexParseSpec { Pattern = "(\\d+)-(\\w+)", TimestampSpec = new TimestampSpec { Column = "column_1", Format = "millis" } });

        var row = parser.Row("1000-abc");

        Assert.That(row.TimestampMillis, Is.EqualTo(1000));
        Assert.That(row.GetRaw("column_2"), Is.EqualTo("abc"));
    }

    [Test]
    public void RegexThatDoesNotMatchTheWholeLineIsAParseError()
    {
        var parser = Parsers.String(new RegexParseSpec { Pattern = "(\\d+)", Columns = ["timestamp"] });

        var error = Assert.Throws<ParseException>(() => parser.Row("123 trailing"));

        Assert.That(error!.Message, Does.Contain("'123 trailing'"));
    }

    [Test]
    public void JsonLowercaseLowersFieldNames()
    {
        var parser = Parsers.FromJson("""{"parseSpec": {"format": "jsonLowercase", "timestampSpec": {"column": "ts"}}}""");

        var row = parser.Row("""{"TS": 5, "Page": "x"}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(5));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page" }));
    }

    [Test]
    public void MapsGetTheSameTimestampAndDimensionRules()
    {
        var parser = Parsers.String(new CsvParseSpec { Columns = ["timestamp", "page"], DimensionsSpec = Parsers.Dimensions("page") });

        var row = parser.Parse(new Dictionary<string, object?> { ["timestamp"] = "2013-08-31T01:02:33Z", ["page"] = "p", ["added"] = 3 })!;

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page" }));
        Assert.That(row.GetRaw("added"), Is.EqualTo(3L));
    }

    [Test]
    public void ABlankMessageYieldsNoRow()
    {
        var parser = Parsers.String(new JsonParseSpec());

        Assert.That(parser.Parse(" \r\n"u8), Is.Null);
        Assert.That(parser.Parse([]), Is.Null);
    }

    [Test]
    public void DecodesTheConfiguredEncoding()
    {
        var parser = new StringInputRowParserFactory
        {
            ParseSpec = new TsvParseSpec { Columns = ["timestamp", "page"] },
            Encoding = "utf-16",
        }.Create(Parsers.Context());

        var row = parser.Parse(Encoding.Unicode.GetBytes("0\tCafé"))!;

        Assert.That(row.GetRaw("page"), Is.EqualTo("Café"));
    }

    [Test]
    public void MalformedJsonNamesTheBytePositionAndQuotesTheInput()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var error = Assert.Throws<ParseException>(() => parser.Row("""{"timestamp": 1, "page" "x"}"""));

        Assert.That(error!.Message, Does.StartWith("Malformed JSON at byte 24:"));
        Assert.That(error.Message, Does.Contain("'{\"timestamp\": 1, \"page\" \"x\"}'"));
        Assert.That(error.Input, Is.EqualTo("""{"timestamp": 1, "page" "x"}"""));
    }

    [Test]
    public void ContentAfterTheObjectIsMalformed()
    {
        var parser = Parsers.String(new JsonParseSpec());

        Assert.Throws<ParseException>(() => parser.Row("""{"timestamp": 1} {"timestamp": 2}"""));
    }

    [Test]
    public void AJsonMessageThatIsNotAnObjectIsAParseError()
    {
        var parser = Parsers.String(new JsonParseSpec());

        var error = Assert.Throws<ParseException>(() => parser.Row("[1, 2]"));

        Assert.That(error!.Message, Does.Contain("Expected a JSON object").And.Contain("an array"));
    }

    [Test]
    public void LongInputIsShortenedInErrors()
    {
        var parser = Parsers.String(new JsonParseSpec());
        var message = "{\"timestamp\": 1, \"x\": \"" + new string('a', 1000) + "\"";

        var error = Assert.Throws<ParseException>(() => parser.Row(message));

        Assert.That(error!.Input!.Length, Is.LessThanOrEqualTo(121));
        Assert.That(error.Input, Does.EndWith("…"));
    }

    [Test]
    public void CsvWithoutColumnsIsRejectedNamingTheField()
    {
        var factory = new StringInputRowParserFactory { ParseSpec = new CsvParseSpec { HasHeaderRow = true } };

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.StartWith("parseSpec.columns is required for format csv"));
    }

    [Test]
    public void DuplicateColumnsAreRejected()
    {
        var factory = new StringInputRowParserFactory { ParseSpec = new TsvParseSpec { Columns = ["timestamp", "a", "a"] } };

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.Contain("parseSpec.columns lists 'a' more than once"));
    }

    [Test]
    public void TheJavaScriptFormatIsRejectedAsNotSupported()
    {
        var factory = Parsers.Spec.Deserialize<Abstractions.Parsing.IInputRowParserFactory>(
            """{"parseSpec": {"format": "javascript", "function": "function(s) { return {}; }"}}""");

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.Contain("'javascript' is not supported"));
    }

    [Test]
    public void ExposesTheParseSpecForTheSchema()
    {
        var factory = Parsers.Spec.Deserialize<Abstractions.Parsing.IInputRowParserFactory>("""
            {"type": "string", "parseSpec": {"format": "json", "timestampSpec": {"column": "ts", "format": "iso"},
             "dimensionsSpec": {"dimensions": ["page", {"type": "long", "name": "count"}], "dimensionExclusions": ["secret"]}}}
            """);

        var spec = ((ParseSpecParserFactory)factory).ParseSpec;

        Assert.That(factory, Is.TypeOf<StringInputRowParserFactory>());
        Assert.That(spec, Is.TypeOf<JsonParseSpec>());
        Assert.That(spec.TimestampSpec.Column, Is.EqualTo("ts"));
        Assert.That(spec.DimensionsSpec.Schema.Select(c => (c.Name, c.Type)),
            Is.EqualTo(new[] { ("page", Abstractions.Segments.ColumnType.String), ("count", Abstractions.Segments.ColumnType.Long) }));
        Assert.That(spec.DimensionsSpec.DimensionExclusions, Is.EqualTo(new[] { "secret" }));
    }

    [Test]
    public void ManyDistinctAndRepeatedValuesInChangingFieldOrdersStayCorrect()
    {
        var parser = Parsers.String(new JsonParseSpec());

        for (var i = 0; i < 20_000; i++)
        {
            var rare = $"value-{i}";
            var common = $"c{i % 7}";
            var json = i % 3 == 0
                ? $$"""{"timestamp": {{i}}, "rare": "{{rare}}", "common": "{{common}}", "tags": ["{{common}}", "{{rare}}"]}"""
                : $$"""{"common": "{{common}}", "timestamp": {{i}}, "rare": "{{rare}}", "tags": ["{{common}}", "{{rare}}"]}""";

            var row = parser.Row(json);

            Assert.That(row.TimestampMillis, Is.EqualTo(i));
            Assert.That(row.GetRaw("rare"), Is.EqualTo(rare));
            Assert.That(row.GetRaw("common"), Is.EqualTo(common));
            Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { common, rare }));
            Assert.That(row.Dimensions, Is.EqualTo(i % 3 == 0 ? new[] { "rare", "common", "tags" } : new[] { "common", "rare", "tags" }));
        }
    }

    [Test]
    public void ParsedRowsExposeTheirFieldsInInputOrder()
    {
        var row = (ParsedInputRow)Parsers.String(new JsonParseSpec()).Row("""{"b": 1, "timestamp": 2, "a": "x", "b": 3}""");

        var fields = Enumerable.Range(0, row.FieldCount).Select(i => (row.GetFieldName(i), row.GetFieldValue(i))).ToArray();

        Assert.That(fields, Is.EqualTo(new (string, object?)[] { ("b", 3L), ("timestamp", 2L), ("a", "x") }), "a repeated field keeps its first place and its last value");
    }
}
