using System.Text;
using System.Text.Json;
using Moq;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

public class MapInputRowParserFactoryTests
{
    private static IInputRowParser Create(ParseSpec spec) => new MapInputRowParserFactory { ParseSpec = spec }.Create(Parsers.Context());

    [Test]
    public void TakesMapsNatively()
    {
        var parser = Create(new TimeAndDimsParseSpec { DimensionsSpec = Parsers.Dimensions("page", "tags") });

        var row = parser.Parse(new Dictionary<string, object?>
        {
            ["timestamp"] = "2013-08-31T01:02:33Z",
            ["page"] = "Gypsy Danger",
            ["tags"] = new[] { "a", "b" },
            ["added"] = 57,
            ["ratio"] = 0.5f,
        })!;

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2013-08-31T01:02:33Z")));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page", "tags" }));
        Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(row.GetRaw("added"), Is.EqualTo(57L).And.TypeOf<long>());
        Assert.That(row.GetRaw("ratio"), Is.EqualTo(0.5).And.TypeOf<double>());
    }

    [Test]
    public void ReadsBytesAsOneJsonObjectWhateverTheFormat()
    {
        var parser = Create(new CsvParseSpec { Columns = ["timestamp", "page"] });

        var row = parser.Parse(Encoding.UTF8.GetBytes(WikipediaRows.Json[1]))!;

        Assert.That(row.GetRaw("page"), Is.EqualTo("Striker Eureka"));
        Assert.That(row.GetRaw("added"), Is.EqualTo(459L));
    }

    [Test]
    public void ReadsJsonElementValues()
    {
        var parser = Create(new TimeAndDimsParseSpec());
        var element = JsonDocument.Parse("""{"timestamp": 1000, "n": 3, "d": 2.5, "s": "x", "b": true, "list": [1, "y"], "obj": {"k": 1}}""").RootElement;
        var map = element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

        var row = parser.Parse(map)!;

        Assert.That(row.TimestampMillis, Is.EqualTo(1000));
        Assert.That(row.GetRaw("n"), Is.EqualTo(3L));
        Assert.That(row.GetRaw("d"), Is.EqualTo(2.5));
        Assert.That(row.GetRaw("s"), Is.EqualTo("x"));
        Assert.That(row.GetRaw("b"), Is.EqualTo(true));
        Assert.That(row.GetDimension("list"), Is.EqualTo(new[] { "1", "y" }));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "n", "d", "s", "b", "list" }));
    }

    [Test]
    public void TheStringParserAlsoReadsTimeAndDimsBytesAsJson()
    {
        var parser = Parsers.FromJson("""{"type": "string", "parseSpec": {"format": "timeAndDims", "dimensionsSpec": {"dimensions": ["page"]}}}""");

        var row = parser.Row(WikipediaRows.Json[0]);

        Assert.That(row.GetRaw("page"), Is.EqualTo("Gypsy Danger"));
    }

    [Test]
    public void ReadsTheRealtimeIntegrationSpecParser()
    {
        var factory = Parsers.Spec.Deserialize<IInputRowParserFactory>("""
            {"type": "map", "parseSpec": {"format": "tsv", "columns": ["timestamp", "page"], "timestampSpec": {"column": "timestamp", "format": "iso"},
             "dimensionsSpec": {"dimensions": ["page", "language"]}}}
            """);

        var row = factory.Create(Parsers.Context()).Parse(new Dictionary<string, object?> { ["timestamp"] = "2013-08-31T01:02:33Z", ["page"] = "p" })!;

        Assert.That(factory, Is.TypeOf<MapInputRowParserFactory>());
        Assert.That(row.GetDimension("language"), Is.Empty);
    }

    [Test]
    public void ContextBuildsMapParsersThatFlattenNestedMapsAndListsWhateverTheFormat()
    {
        var context = MapInputRowParserFactory.CreateContext(Parsers.Spec, ["count"], Mock.Of<IServiceProvider>());
        using var spec = JsonDocument.Parse("""
            { "format": "avro", "timestampSpec": { "column": "ts", "format": "millis" },
              "flattenSpec": { "useFieldDiscovery": true, "fields": [
                { "type": "path", "name": "city", "expr": "$.user.address.city" },
                { "type": "path", "name": "firstTag", "expr": "$.tags[0]" },
                { "type": "path", "name": "color", "expr": "$.attributes.color" } ] } }
            """);
        var parser = context.CreateMapParser(spec.RootElement);

        var row = parser.Parse(new Dictionary<string, object?>
        {
            ["ts"] = 1_700_000_000_123L,
            ["page"] = "Main",
            ["count"] = 3L,
            ["user"] = new Dictionary<string, object?> { ["address"] = new Dictionary<string, object?> { ["city"] = "Oslo" } },
            ["tags"] = new List<object?> { "a", "b" },
            ["attributes"] = new Dictionary<string, object?> { ["color"] = "red" },
        })!;

        Assert.That(row.TimestampMillis, Is.EqualTo(1_700_000_000_123L));
        Assert.That(row.GetRaw("city"), Is.EqualTo("Oslo"));
        Assert.That(row.GetRaw("firstTag"), Is.EqualTo("a"));
        Assert.That(row.GetRaw("color"), Is.EqualTo("red"));
        Assert.That(row.GetDimension("tags"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(row.Dimensions, Is.EqualTo(new[] { "city", "firstTag", "color", "page", "tags" }));
    }

    [Test]
    public void ContextNamesTheInvalidFieldOfAParseSpec()
    {
        var context = MapInputRowParserFactory.CreateContext(Parsers.Spec, [], Mock.Of<IServiceProvider>());
        using var spec = JsonDocument.Parse("""{ "format": "protobuf", "flattenSpec": { "fields": [ { "type": "path", "name": "x", "expr": "$..x" } ] } }""");

        var error = Assert.Throws<ArgumentException>(() => context.CreateMapParser(spec.RootElement))!;

        Assert.That(error.Message, Does.Contain("parseSpec.flattenSpec"));
    }

    [Test]
    public void PlainContextsDoNotBuildMapParsers()
    {
        using var spec = JsonDocument.Parse("{}");

        Assert.Throws<NotSupportedException>(() => Parsers.Context().CreateMapParser(spec.RootElement));
    }
}
