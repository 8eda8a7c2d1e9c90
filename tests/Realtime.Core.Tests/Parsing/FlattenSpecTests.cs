using Realtime.Abstractions.Parsing;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

public class FlattenSpecTests
{
    // The event of Druid's flatten-json.md.
    private const string NestedEvent = """
        {
         "timestamp": "2015-09-12T12:10:53.155Z",
         "dim1": "qwerty",
         "dim2": "asdf",
         "dim3": "zxcv",
         "ignore_me": "ignore this",
         "metrica": 9999,
         "foo": {"bar": "abc"},
         "foo.bar": "def",
         "nestmet": {"val": 42},
         "hello": [1.0, 2.0, 3.0, 4.0, 5.0],
         "mixarray": [1.0, 2.0, 3.0, 4.0, {"last": 5}],
         "world": [{"hey": "there"}, {"tree": "apple"}],
         "thing": {"food": ["sandwich", "pizza"]}
        }
        """;

    // The doc's flattenSpec without its jq fields (jq is not supported) and without the second "foo.bar"
    // declaration (Druid rejects duplicate names); "dimensionExclusions" is spelled as Druid reads it.
    private const string DocParser = """
        {"type": "string", "parseSpec": {
          "format": "json",
          "flattenSpec": {
            "useFieldDiscovery": true,
            "fields": [
              {"type": "root", "name": "dim1"},
              "dim2",
              {"type": "path", "name": "foo.bar", "expr": "$.foo.bar"},
              {"type": "path", "name": "path-metric", "expr": "$.nestmet.val"},
              {"type": "path", "name": "hello-0", "expr": "$.hello[0]"},
              {"type": "path", "name": "hello-4", "expr": "$.hello[4]"},
              {"type": "path", "name": "world-hey", "expr": "$.world[0].hey"},
              {"type": "path", "name": "worldtree", "expr": "$.world[1].tree"},
              {"type": "path", "name": "first-food", "expr": "$.thing.food[0]"},
              {"type": "path", "name": "second-food", "expr": "$.thing.food[1]"}
            ]
          },
          "dimensionsSpec": {"dimensions": [], "dimensionExclusions": ["ignore_me"]},
          "timestampSpec": {"format": "auto", "column": "timestamp"}
        }}
        """;

    [Test]
    public void FlattensTheDocumentationExample()
    {
        var row = Parsers.FromJson(DocParser).Row(NestedEvent);

        Assert.Multiple(() =>
        {
            Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2015-09-12T12:10:53.155Z")));
            Assert.That(row.GetRaw("dim1"), Is.EqualTo("qwerty"));
            Assert.That(row.GetRaw("dim2"), Is.EqualTo("asdf"));
            Assert.That(row.GetRaw("dim3"), Is.EqualTo("zxcv"));
            Assert.That(row.GetRaw("foo.bar"), Is.EqualTo("abc"), "the declared path wins over the root field of the same name");
            Assert.That(row.GetRaw("path-metric"), Is.EqualTo(42L));
            Assert.That(row.GetRaw("hello-0"), Is.EqualTo(1.0));
            Assert.That(row.GetRaw("hello-4"), Is.EqualTo(5.0));
            Assert.That(row.GetRaw("world-hey"), Is.EqualTo("there"));
            Assert.That(row.GetRaw("worldtree"), Is.EqualTo("apple"));
            Assert.That(row.GetRaw("first-food"), Is.EqualTo("sandwich"));
            Assert.That(row.GetRaw("second-food"), Is.EqualTo("pizza"));
            Assert.That(row.GetRaw("metrica"), Is.EqualTo(9999L));
            Assert.That(row.GetDimension("hello"), Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
        });
    }

    [Test]
    public void DeclaredFieldsComeFirstThenDiscoveredRootFields()
    {
        var row = Parsers.FromJson(DocParser).Row(NestedEvent);

        Assert.That(row.Dimensions, Is.EqualTo(new[]
        {
            "dim1", "dim2", "foo.bar", "path-metric", "hello-0", "hello-4", "world-hey", "worldtree", "first-food", "second-food",
            "dim3", "metrica", "hello",
        }), "timestamp and ignore_me are excluded; foo, nestmet, mixarray, world and thing hold objects");
    }

    [Test]
    public void WithoutDiscoveryOnlyDeclaredFieldsAreKept()
    {
        var parser = Parsers.String(new JsonParseSpec
        {
            FlattenSpec = new FlattenSpec
            {
                UseFieldDiscovery = false,
                Fields = [new FlattenField { Name = "timestamp" }, new FlattenField { Name = "dim1" }, new FlattenField { Name = "absent" }],
            },
        });

        var row = (ParsedInputRow)parser.Row(NestedEvent);

        Assert.That(row.Dimensions, Is.EqualTo(new[] { "dim1", "absent" }));
        Assert.That(row.FieldCount, Is.EqualTo(3));
        Assert.That(row.GetRaw("dim2"), Is.Null);
        Assert.That(row.GetRaw("absent"), Is.Null);
    }

    [TestCase("$['foo.bar']", "def")]
    [TestCase("$.hello[-1]", "5")]
    [TestCase("$.thing.food", "sandwich,pizza")]
    [TestCase("$.thing['food'][1]", "pizza")]
    [TestCase("$.missing.deeper", null)]
    [TestCase("$.hello[9]", null)]
    [TestCase("$.foo", null)]
    public void PathSubset(string expr, string? expected)
    {
        var parser = Parsers.String(new JsonParseSpec
        {
            FlattenSpec = new FlattenSpec
            {
                UseFieldDiscovery = false,
                Fields = [new FlattenField { Name = "timestamp" }, new FlattenField { Type = FlattenFieldType.Path, Name = "out", Expr = expr }],
            },
        });

        var row = parser.Row(NestedEvent);

        Assert.That(row.GetDimension("out") is { Count: > 0 } values ? string.Join(",", values) : null, Is.EqualTo(expected));
    }

    [Test]
    public void ARootFieldWithAnExprRenamesTheField()
    {
        var parser = Parsers.String(new JsonParseSpec
        {
            FlattenSpec = new FlattenSpec { Fields = [new FlattenField { Name = "first", Expr = "dim1" }] },
        });

        var row = parser.Row(NestedEvent);

        Assert.That(row.GetRaw("first"), Is.EqualTo("qwerty"));
        Assert.That(row.GetRaw("dim1"), Is.EqualTo("qwerty"));
    }

    [Test]
    public void PathFieldsCanHoldTheTimestamp()
    {
        var parser = Parsers.String(new JsonParseSpec
        {
            TimestampSpec = new TimestampSpec { Column = "when" },
            FlattenSpec = new FlattenSpec { Fields = [new FlattenField { Type = FlattenFieldType.Path, Name = "when", Expr = "$.meta.time" }] },
        });

        var row = parser.Row("""{"meta": {"time": "2015-09-12T00:00:00Z"}, "when": "ignored"}""");

        Assert.That(row.TimestampMillis, Is.EqualTo(Parsers.Millis("2015-09-12T00:00:00Z")));
    }

    [Test]
    public void FlattensMapEventsWithTheSameRules()
    {
        var parser = Parsers.FromJson(DocParser);
        var map = new Dictionary<string, object?>
        {
            ["timestamp"] = "2015-09-12T12:10:53.155Z",
            ["dim1"] = "qwerty",
            ["foo"] = new Dictionary<string, object?> { ["bar"] = "abc" },
            ["hello"] = new List<object?> { 1.0, 2.0 },
            ["world"] = new object?[] { new Dictionary<string, object?> { ["hey"] = "there" } },
            ["thing"] = System.Text.Json.JsonDocument.Parse("""{"food": ["sandwich", "pizza"]}""").RootElement,
        };

        var row = parser.Parse(map)!;

        Assert.That(row.GetRaw("foo.bar"), Is.EqualTo("abc"));
        Assert.That(row.GetRaw("hello-0"), Is.EqualTo(1.0));
        Assert.That(row.GetRaw("world-hey"), Is.EqualTo("there"));
        Assert.That(row.GetRaw("second-food"), Is.EqualTo("pizza"));
        Assert.That(row.GetDimension("hello"), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(row.Dimensions, Does.Not.Contain("foo").And.Not.Contain("world"));
    }

    [Test]
    public void DuplicateFieldNamesAreRejected()
    {
        var parser = """
            {"parseSpec": {"format": "json", "flattenSpec": {"fields": [
              {"type": "path", "name": "foo.bar", "expr": "$.foo.bar"}, {"type": "root", "name": "foo.bar"}]}}}
            """;

        var error = Assert.Throws<ArgumentException>(() => Parsers.FromJson(parser));

        Assert.That(error!.Message, Is.EqualTo("parseSpec.flattenSpec.fields[1]: the field 'foo.bar' is declared more than once."));
    }

    [Test]
    public void JqFieldsAreRejectedWithAClearMessage()
    {
        var parser = """{"parseSpec": {"format": "json", "flattenSpec": {"fields": [{"type": "jq", "name": "first-food-by-jq", "expr": ".thing.food[1]"}]}}}""";

        var error = Assert.Throws<ArgumentException>(() => Parsers.FromJson(parser));

        Assert.That(error!.Message, Does.StartWith("parseSpec.flattenSpec.fields[0] ('first-food-by-jq') has type 'jq', which is not supported"));
    }

    [TestCase("$..bar", "deep scans")]
    [TestCase("$.hello[*]", "is not a quoted name or an index")]
    [TestCase("$.a.*", "wildcards")]
    [TestCase("foo.bar", "must start with $")]
    [TestCase("$[0]", "must name a field of the root object")]
    public void PathsOutsideTheSubsetAreRejected(string expr, string why)
    {
        var spec = new JsonParseSpec { FlattenSpec = new FlattenSpec { Fields = [new FlattenField { Type = FlattenFieldType.Path, Name = "x", Expr = expr }] } };

        var error = Assert.Throws<ArgumentException>(() => Parsers.String(spec));

        Assert.That(error!.Message, Does.StartWith($"parseSpec.flattenSpec.fields[0].expr '{expr}' is not a supported JSONPath").And.Contain(why));
    }

    [Test]
    public void APathFieldNeedsAnExpression()
    {
        var spec = new JsonParseSpec { FlattenSpec = new FlattenSpec { Fields = [new FlattenField { Type = FlattenFieldType.Path, Name = "x" }] } };

        Assert.That(() => Parsers.String(spec), Throws.ArgumentException.With.Message.Contains("parseSpec.flattenSpec.fields[0].expr is required"));
    }

    [Test]
    public void FieldsRoundTripThroughSpecJson()
    {
        var factory = (ParseSpecParserFactory)Parsers.Spec.Deserialize<IInputRowParserFactory>(DocParser);
        var json = Parsers.Spec.SerializeToElement<IInputRowParserFactory>(factory).GetRawText();
        var again = (ParseSpecParserFactory)Parsers.Spec.Deserialize<IInputRowParserFactory>(json);

        var fields = ((JsonParseSpec)again.ParseSpec).FlattenSpec!.Fields;
        Assert.That(fields.Select(f => (f.Type, f.Name, f.Expr)), Is.EqualTo(((JsonParseSpec)factory.ParseSpec).FlattenSpec!.Fields.Select(f => (f.Type, f.Name, f.Expr))));
        Assert.That(fields[1], Has.Property(nameof(FlattenField.Type)).EqualTo(FlattenFieldType.Root).And.Property(nameof(FlattenField.Name)).EqualTo("dim2"));
    }

    [Test]
    public void NestedValuesDoNotLeakIntoTheNextRowAfterAFailure()
    {
        var parser = Parsers.String(new JsonParseSpec
        {
            FlattenSpec = new FlattenSpec { Fields = [new FlattenField { Type = FlattenFieldType.Path, Name = "bar", Expr = "$.foo.bar" }] },
        });

        Assert.Throws<ParseException>(() => parser.Row("""{"foo": {"bar": "abc"}, "timestamp": "never"}"""));
        var row = parser.Row("""{"timestamp": 1}""");

        Assert.That(row.GetRaw("bar"), Is.Null);
    }
}
