using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Components;
using Realtime.Core.Parsing;

namespace Realtime.Core.Tests.Parsing;

public class DimensionsSpecTests
{
    // The dimensionsSpec of Druid's ingestion-spec.md.
    private const string IngestionSpecDimensions = """
        {
          "dimensions": [
            "page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city",
            {"type": "string", "name": "comment", "createBitmapIndex": false},
            {"type": "long", "name": "countryNum"},
            {"type": "float", "name": "userLatitude"},
            {"type": "float", "name": "userLongitude"}
          ],
          "dimensionExclusions": [],
          "spatialDimensions": []
        }
        """;

    [Test]
    public void ReadsNamesAndTypedDimensions()
    {
        var spec = Parsers.Spec.Deserialize<DimensionsSpec>(IngestionSpecDimensions);

        Assert.That(spec.Schema, Has.Count.EqualTo(16));
        Assert.That(spec.Schema[0], Is.EqualTo(new ColumnSchema("page", ColumnType.String)));
        Assert.That(spec.Schema[13], Is.EqualTo(new ColumnSchema("countryNum", ColumnType.Long)));
        Assert.That(spec.Schema[15], Is.EqualTo(new ColumnSchema("userLongitude", ColumnType.Float)));
        Assert.That(spec.Dimensions[12].CreateBitmapIndex, Is.False);
        Assert.That(spec.Dimensions[0].CreateBitmapIndex, Is.True);
        Assert.That(spec.IsSchemaless, Is.False);
    }

    [Test]
    public void ReadsDoubleDimensionsAndMultiValueHandling()
    {
        var spec = Parsers.Spec.Deserialize<DimensionsSpec>("""
            {"dimensions": [{"type": "double", "name": "d"}, {"name": "tags", "multiValueHandling": "SORTED_SET"}, {"name": "raw", "multiValueHandling": "array"}]}
            """);

        Assert.That(spec.Dimensions[0].Type, Is.EqualTo(ColumnType.Double));
        Assert.That(spec.Dimensions[1].Type, Is.EqualTo(ColumnType.String));
        Assert.That(spec.Dimensions[1].MultiValueHandling, Is.EqualTo(MultiValueHandling.SortedSet));
        Assert.That(spec.Dimensions[2].MultiValueHandling, Is.EqualTo(MultiValueHandling.Array));
    }

    [Test]
    public void WritesTheObjectFormAndReadsItBack()
    {
        var spec = Parsers.Spec.Deserialize<DimensionsSpec>(IngestionSpecDimensions);

        var again = Parsers.Spec.Deserialize<DimensionsSpec>(Parsers.Spec.SerializeToElement(spec).GetRawText());

        Assert.That(again.Schema, Is.EqualTo(spec.Schema));
        Assert.That(again.Dimensions.Select(d => d.CreateBitmapIndex), Is.EqualTo(spec.Dimensions.Select(d => d.CreateBitmapIndex)));
    }

    [TestCase("""{"dimensions": [{"type": "complex", "name": "x"}]}""", "has type 'complex'")]
    [TestCase("""{"dimensions": [{"type": "spatial", "name": "x"}]}""", "spatial dimensions are not supported")]
    [TestCase("""{"dimensions": [{"type": "long"}]}""", "needs a \"name\"")]
    [TestCase("""{"dimensions": [""]}""", "must not be empty")]
    [TestCase("""{"dimensions": [{"name": "x", "multiValueHandling": "sometimes"}]}""", "multiValueHandling 'sometimes'")]
    public void BadDimensionsAreSpecErrors(string json, string problem)
    {
        var error = Assert.Throws<SpecException>(() => Parsers.Spec.Deserialize<DimensionsSpec>(json));

        Assert.That(error!.Message, Does.Contain("dimensions").And.Contain(problem));
    }

    [Test]
    public void TypedDimensionsKeepTheRawValueForTheIndexToConvert()
    {
        var spec = Parsers.Spec.Deserialize<DimensionsSpec>("""{"dimensions": ["page", {"type": "long", "name": "countryNum"}]}""");
        var parser = Parsers.String(new JsonParseSpec { DimensionsSpec = spec });

        var row = parser.Row("""{"timestamp": 0, "page": "p", "countryNum": "12", "extra": 1}""");

        Assert.That(row.Dimensions, Is.EqualTo(new[] { "page", "countryNum" }));
        Assert.That(row.GetRaw("countryNum"), Is.EqualTo("12"));
    }

    [Test]
    public void DuplicateDimensionsAreRejected()
    {
        var spec = new JsonParseSpec { DimensionsSpec = Parsers.Dimensions("a", "b", "a") };

        var error = Assert.Throws<ArgumentException>(() => Parsers.String(spec));

        Assert.That(error!.Message, Is.EqualTo("parseSpec.dimensionsSpec.dimensions lists 'a' more than once."));
    }

    [Test]
    public void ExclusionsMustNotOverlapDimensions()
    {
        var spec = new JsonParseSpec { DimensionsSpec = new DimensionsSpec { Dimensions = [new DimensionSchema { Name = "a" }], DimensionExclusions = ["a"] } };

        var error = Assert.Throws<ArgumentException>(() => Parsers.String(spec));

        Assert.That(error!.Message, Does.StartWith("parseSpec.dimensionsSpec.dimensionExclusions contains 'a'"));
    }

    [Test]
    public void SpatialDimensionsAreRejectedAsNotSupported()
    {
        var factory = Parsers.Spec.Deserialize<IInputRowParserFactory>("""
            {"parseSpec": {"format": "json", "dimensionsSpec": {"dimensions": [], "spatialDimensions": [{"dimName": "coord", "dims": ["lat", "long"]}]}}}
            """);

        var error = Assert.Throws<ArgumentException>(() => factory.Create(Parsers.Context()));

        Assert.That(error!.Message, Does.StartWith("parseSpec.dimensionsSpec.spatialDimensions is not supported"));
    }

    [Test]
    public void ExplicitDimensionsAreTheSpecsOwnStrings()
    {
        var spec = Parsers.Dimensions("page");
        var parser = Parsers.String(new JsonParseSpec { DimensionsSpec = spec });

        var row = parser.Row("""{"timestamp": 0, "page": "p"}""");

        Assert.That(row.Dimensions[0], Is.SameAs(spec.Dimensions[0].Name));
        Assert.That(((ParsedInputRow)row).GetFieldName(1), Is.SameAs(spec.Dimensions[0].Name));
    }
}
