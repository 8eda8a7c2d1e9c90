using Realtime.Abstractions.Parsing;
using Realtime.Core.Filters;
using Realtime.Core.Parsing;
using Realtime.Core.Tests.Parsing;
using Realtime.Core.Transforms;

namespace Realtime.Core.Tests.Transforms;

public class TransformSpecTests
{
    // The parser and transformSpec of Druid's examples/quickstart/tutorial/transform-index.json, and its data.
    private const string TutorialParser = """
        {"type": "string", "parseSpec": {"format": "json",
         "dimensionsSpec": {"dimensions": ["animal", {"name": "location", "type": "long"}]},
         "timestampSpec": {"column": "timestamp", "format": "iso"}}}
        """;

    private const string TutorialTransformSpec = """
        {"transforms": [
           {"type": "expression", "name": "animal", "expression": "concat('super-', animal)"},
           {"type": "expression", "name": "triple-number", "expression": "number * 3"}],
         "filter": {"type": "or", "fields": [
           {"type": "selector", "dimension": "animal", "value": "super-mongoose"},
           {"type": "selector", "dimension": "triple-number", "value": "300"},
           {"type": "selector", "dimension": "location", "value": "3"}]}}
        """;

    private static readonly string[] TutorialData =
    [
        """{"timestamp":"2018-01-01T07:01:35Z","animal":"octopus",  "location":1, "number":100}""",
        """{"timestamp":"2018-01-01T05:01:35Z","animal":"mongoose", "location":2,"number":200}""",
        """{"timestamp":"2018-01-01T06:01:35Z","animal":"snake", "location":3, "number":300}""",
        """{"timestamp":"2018-01-01T01:01:35Z","animal":"lion", "location":4, "number":300}""",
    ];

    private static IInputRowParser Decorated(string transformSpecJson, ParseSpec? parseSpec = null) =>
        Parsers.Spec.Deserialize<TransformSpec>(transformSpecJson).Decorate(Parsers.String(parseSpec ?? new JsonParseSpec()));

    [Test]
    public void RunsTheTransformTutorial()
    {
        var parser = Parsers.Spec.Deserialize<TransformSpec>(TutorialTransformSpec).Decorate(Parsers.FromJson(TutorialParser));

        var rows = TutorialData.Select(line => parser.Parse(System.Text.Encoding.UTF8.GetBytes(line))).ToArray();

        Assert.That(rows[3], Is.Null, "lion: super-lion, 900 and location 4 match no filter");
        Assert.That(rows.Take(3).Select(r => (r!.GetRaw("animal"), r.GetRaw("triple-number"))),
            Is.EqualTo(new (object?, object?)[] { ("super-octopus", 300L), ("super-mongoose", 600L), ("super-snake", 900L) }));
        Assert.That(rows[0]!.Dimensions, Is.EqualTo(new[] { "animal", "location" }));
        Assert.That(rows[0]!.GetDimension("animal"), Is.EqualTo(new[] { "super-octopus" }));
    }

    [Test]
    public void TransformsSeeTheInputRowNotEachOther()
    {
        var parser = Decorated("""
            {"transforms": [
              {"type": "expression", "name": "x", "expression": "x + 1"},
              {"type": "expression", "name": "y", "expression": "x * 10"}]}
            """);

        var row = parser.Row("""{"timestamp": 0, "x": 5}""");

        Assert.That(row.GetRaw("x"), Is.EqualTo(6L));
        Assert.That(row.GetRaw("y"), Is.EqualTo(50L));
    }

    [Test]
    public void ATimeTransformRewritesTheTimestamp()
    {
        var parser = Decorated("""{"transforms": [{"type": "expression", "name": "__time", "expression": "timestamp_floor(__time, 'PT1H')"}]}""");

        var row = parser.Row("""{"timestamp": "2013-08-31T01:02:33Z"}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:00:00Z")));
    }

    [Test]
    public void ATimeTransformCanReadAnotherField()
    {
        var parser = Decorated("""{"transforms": [{"type": "expression", "name": "__time", "expression": "timestamp(eventTime)"}]}""",
            new JsonParseSpec { TimestampSpec = new TimestampSpec { MissingValue = "2000-01-01T00:00:00Z" } });

        var row = parser.Row("""{"eventTime": "2013-08-31T01:02:33Z"}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
    }

    [Test]
    public void TheFilterSeesTransformedValuesAndDropsRows()
    {
        var parser = Decorated("""
            {"transforms": [{"type": "expression", "name": "page", "expression": "lower(page)"}],
             "filter": {"type": "selector", "dimension": "page", "value": "gypsy danger"}}
            """);

        Assert.That(parser.Parse(System.Text.Encoding.UTF8.GetBytes(WikipediaRows.Json[0])), Is.Not.Null);
        Assert.That(parser.Parse(System.Text.Encoding.UTF8.GetBytes(WikipediaRows.Json[1])), Is.Null);
    }

    [Test]
    public void AFilterAloneDropsRowsOfMapEventsToo()
    {
        var parser = Decorated("""{"filter": {"type": "bound", "dimension": "added", "lower": "100", "ordering": "numeric"}}""");

        Assert.That(parser.Parse(new Dictionary<string, object?> { ["timestamp"] = 0L, ["added"] = 57L }), Is.Null);
        Assert.That(parser.Parse(new Dictionary<string, object?> { ["timestamp"] = 0L, ["added"] = 459L }), Is.Not.Null);
    }

    [Test]
    public void AnEmptySpecLeavesTheParserAsItIs()
    {
        var parser = Parsers.String(new JsonParseSpec());

        Assert.That(new TransformSpec().Decorate(parser), Is.SameAs(parser));
    }

    [Test]
    public void ATransformFailingOnARowMakesItUnparseable()
    {
        var parser = Decorated("""{"transforms": [{"type": "expression", "name": "ratio", "expression": "added / deleted"}]}""");

        var error = Assert.Throws<ParseException>(() => parser.Row("""{"timestamp": 0, "added": 5, "deleted": 0}"""));

        Assert.That(error!.Message, Does.StartWith("Transform 'ratio' failed: Expression 'added / deleted' failed: division by zero"));
        Assert.That(parser.Row("""{"timestamp": 0, "added": 6, "deleted": 3}""").GetRaw("ratio"), Is.EqualTo(2L));
    }

    [Test]
    public void ATimeTransformMustGiveMillis()
    {
        var parser = Decorated("""{"transforms": [{"type": "expression", "name": "__time", "expression": "'soon'"}]}""");

        var error = Assert.Throws<ParseException>(() => parser.Row("""{"timestamp": 0}"""));

        Assert.That(error!.Message, Does.Contain("'__time' must give epoch milliseconds, not 'soon'"));
    }

    [Test]
    public void BadExpressionsNameTheTransform()
    {
        var spec = new TransformSpec { Transforms = [new ExpressionTransform { Name = "broken", Expression = "concat(a," }] };

        var error = Assert.Throws<ArgumentException>(() => spec.Decorate(Parsers.String(new JsonParseSpec())));

        Assert.That(error!.Message, Does.StartWith("transform 'broken': Cannot parse expression 'concat(a,' at position 9"));
    }

    [Test]
    public void DuplicateTransformNamesAreRejected()
    {
        var spec = new TransformSpec
        {
            Transforms = [new ExpressionTransform { Name = "a", Expression = "1" }, new ExpressionTransform { Name = "a", Expression = "2" }],
        };

        Assert.That(() => spec.Decorate(Parsers.String(new JsonParseSpec())),
            Throws.ArgumentException.With.Message.EqualTo("transformSpec.transforms has more than one transform named 'a'."));
    }

    [Test]
    public void InvalidFiltersAreReportedWhenDecorating()
    {
        var spec = new TransformSpec { Filter = new AndDimFilter() };

        Assert.That(() => spec.Decorate(Parsers.String(new JsonParseSpec())),
            Throws.ArgumentException.With.Message.EqualTo("transformSpec.filter: and.fields must contain at least one filter."));
    }

    [Test]
    public void TransformsKeepTheParsersDimensions()
    {
        var parser = Decorated("""{"transforms": [{"type": "expression", "name": "extra", "expression": "1"}]}""");

        var row = parser.Row("""{"timestamp": 0, "page": "p"}""");

        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page" }));
        Assert.That(row.GetRaw("extra"), Is.EqualTo(1L));
        Assert.That(row.GetRaw("page"), Is.EqualTo("p"));
    }
}
