using Realtime.Core.Extraction;
using Realtime.Core.Query.Dimensions;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query;

public class DimensionSpecTests
{
    private static DimensionSpec Spec(string json) => Read<DimensionSpec>(json);

    private static string Problem(string json) => Error<DimensionSpec>(json).Message;

    [Test]
    public void AStringIsTheDefaultSpecOfThatColumn()
    {
        var spec = Spec("\"page\"");

        Assert.That(spec, Is.TypeOf<DefaultDimensionSpec>());
        Assert.That((spec.Dimension, spec.OutputName, spec.OutputType, spec.ExtractionFn), Is.EqualTo(("page", "page", "STRING", (ExtractionFn?)null)));
        Assert.That(spec.Keeps("anything"), Is.True);
    }

    [Test]
    public void DefaultSpecRenamesAndTypesTheColumn()
    {
        var spec = Spec("""{"type": "default", "dimension": "added", "outputName": "added_long", "outputType": "long"}""");

        Assert.That((spec.Dimension, spec.OutputName, spec.OutputType), Is.EqualTo(("added", "added_long", "LONG")));
        Assert.That(Spec("""{"dimension": "page"}"""), Is.TypeOf<DefaultDimensionSpec>(), "default is the default type");
    }

    [Test]
    public void DefaultSpecErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "default", "outputName": "x"}"""), Does.Contain("default dimension spec: dimension is required."));
        Assert.That(Problem("""{"type": "default", "dimension": "x", "outputType": "COMPLEX"}"""),
            Does.Contain("default dimension spec: outputType 'COMPLEX' is not one of STRING, LONG, FLOAT, DOUBLE."));
    }

    [Test]
    public void ExtractionSpecMapsValuesWithItsFunction()
    {
        var spec = Spec("""
            {"type": "extraction", "dimension": "__time", "outputName": "dayOfWeek",
             "extractionFn": {"type": "timeFormat", "format": "EEEE", "timeZone": "America/Montreal", "locale": "fr"}}
            """);

        Assert.That(spec, Is.TypeOf<ExtractionDimensionSpec>());
        Assert.That((spec.Dimension, spec.OutputName, spec.OutputType), Is.EqualTo(("__time", "dayOfWeek", "STRING")));
        Assert.That(spec.ExtractionFn!.Apply(Millis("2015-01-05T12:00:00Z")), Is.EqualTo("lundi"));
    }

    [Test]
    public void ExtractionSpecErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "extraction", "dimension": "page"}"""), Does.Contain("extraction dimension spec: extractionFn is required."));
        Assert.That(Problem("""{"type": "extraction", "extractionFn": {"type": "upper"}}"""), Does.Contain("extraction dimension spec: dimension is required."));
        Assert.That(Error<DimensionSpec>("""{"type": "extraction", "dimension": "page", "extractionFn": {"type": "substring", "index": -2}}""").Message,
            Does.Contain("$.extractionFn").And.Contain("substring extraction function: index must be zero or more"));
    }

    [Test]
    public void LookupSpecMapsValuesThroughItsInlineMap()
    {
        var spec = Spec("""
            {"type": "lookup", "dimension": "dimensionName", "outputName": "dimensionOutputName", "replaceMissingValueWith": "missing_value",
             "retainMissingValue": false, "lookup": {"type": "map", "map": {"key": "value"}, "isOneToOne": false}}
            """);

        Assert.That((spec.Dimension, spec.OutputName), Is.EqualTo(("dimensionName", "dimensionOutputName")));
        Assert.That(new[] { spec.ExtractionFn!.Apply("key"), spec.ExtractionFn.Apply("other") }, Is.EqualTo(new[] { "value", "missing_value" }));
    }

    [Test]
    public void LookupSpecRefusesRegisteredLookups()
    {
        Assert.That(Problem("""{"type": "lookup", "dimension": "d", "outputName": "o", "name": "lookupName"}"""),
            Does.Contain("lookup dimension spec: name 'lookupName' refers to a registered lookup, and this node has no lookup registry"));
        Assert.That(Problem("""{"type": "lookup", "dimension": "d", "lookup": {"type": "map", "map": {}}, "retainMissingValue": true, "replaceMissingValueWith": "x"}"""),
            Does.Contain("lookup dimension spec: retainMissingValue cannot be true when replaceMissingValueWith is set."));
    }

    [Test]
    public void ListFilteredKeepsTheListedValues()
    {
        var spec = Spec("""{"type": "listFiltered", "delegate": "tags", "values": ["v1", "v3"]}""");

        Assert.That(spec, Is.TypeOf<ListFilteredDimensionSpec>());
        Assert.That((spec.Dimension, spec.OutputName, spec.OutputType), Is.EqualTo(("tags", "tags", "STRING")));
        Assert.That(new[] { spec.Keeps("v1"), spec.Keeps("v2"), spec.Keeps("v3"), spec.Keeps(null) }, Is.EqualTo(new[] { true, false, true, false }));
    }

    [Test]
    public void ListFilteredCanDropTheListedValues()
    {
        var spec = Spec("""{"type": "listFiltered", "delegate": {"type": "default", "dimension": "tags"}, "values": ["v1", ""], "isWhitelist": false}""");

        Assert.That(new[] { spec.Keeps("v1"), spec.Keeps("v2"), spec.Keeps(null), spec.Keeps("") }, Is.EqualTo(new[] { false, true, false, false }));
    }

    [Test]
    public void ListFilteredErrorsNameTheField()
    {
        Assert.That(Problem("""{"type": "listFiltered", "delegate": "tags"}"""), Does.Contain("listFiltered dimension spec: values is required"));
        Assert.That(Problem("""{"type": "listFiltered", "delegate": "tags", "values": []}"""), Does.Contain("listFiltered dimension spec: values is required and must not be empty."));
        Assert.That(Problem("""{"type": "listFiltered", "values": ["v1"]}"""), Does.Contain("listFiltered dimension spec: delegate is required."));
    }

    [Test]
    public void RegexFilteredKeepsValuesTheWholePatternMatches()
    {
        var spec = Spec("""{"type": "regexFiltered", "delegate": "tags", "pattern": "v[12]|v1x"}""");

        Assert.That(new[] { spec.Keeps("v1"), spec.Keeps("v2"), spec.Keeps("v1x"), spec.Keeps("v12"), spec.Keeps("xv1"), spec.Keeps(null) },
            Is.EqualTo(new[] { true, true, true, false, false, false }));
        Assert.That(Spec("""{"type": "regexFiltered", "delegate": "tags", "pattern": ".*"}""").Keeps(null), Is.True, "no value is matched as the empty text");
        Assert.That(Problem("""{"type": "regexFiltered", "delegate": "tags"}"""), Does.Contain("regexFiltered dimension spec: pattern is required."));
        Assert.That(Problem("""{"type": "regexFiltered", "delegate": "tags", "pattern": "["}"""), Does.Contain("regexFiltered dimension spec: pattern '[' is not a valid regular expression"));
    }

    [Test]
    public void PrefixFilteredKeepsValuesWithThePrefix()
    {
        var spec = Spec("""{"type": "prefixFiltered", "delegate": "tags", "prefix": "v1"}""");

        Assert.That(new[] { spec.Keeps("v1"), spec.Keeps("v10"), spec.Keeps("xv1"), spec.Keeps(null) }, Is.EqualTo(new[] { true, true, false, false }));
        Assert.That(Spec("""{"type": "prefixFiltered", "delegate": "tags", "prefix": ""}""").Keeps(null), Is.True);
        Assert.That(Problem("""{"type": "prefixFiltered", "delegate": "tags"}"""), Does.Contain("prefixFiltered dimension spec: prefix is required."));
    }

    [Test]
    public void FilteredSpecsTakeColumnNameTypeAndExtractionFromTheDelegate()
    {
        var spec = Spec("""
            {"type": "prefixFiltered", "prefix": "V",
             "delegate": {"type": "extraction", "dimension": "tags", "outputName": "upperTags", "outputType": "STRING", "extractionFn": {"type": "upper"}}}
            """);

        Assert.That((spec.Dimension, spec.OutputName), Is.EqualTo(("tags", "upperTags")));
        Assert.That(spec.ExtractionFn!.Apply("v1"), Is.EqualTo("V1"));
        Assert.That(spec.Keeps(spec.ExtractionFn.Apply("v1")), Is.True);
        Assert.That(() => new PrefixFilteredDimensionSpec { Prefix = "v", Dimension = "x" }, Throws.TypeOf<NotSupportedException>());
    }

    [Test]
    public void FilteredSpecsNest()
    {
        var spec = Spec("""{"type": "listFiltered", "values": ["v1", "w1"], "delegate": {"type": "prefixFiltered", "prefix": "v", "delegate": "tags"}}""");

        Assert.That(spec.Dimension, Is.EqualTo("tags"));
        Assert.That(((FilteredDimensionSpec)spec).Delegate!.Keeps("w1"), Is.False);
        Assert.That(spec.Keeps("w1"), Is.False, "a value the inner spec drops stays dropped");
        Assert.That(spec.Keeps("v1"), Is.True);
        Assert.That(spec.Keeps("v2"), Is.False, "a value the outer list does not hold is dropped");
    }

    [Test]
    public void SpecsWriteJsonThatReadsBackTheSame()
    {
        var spec = Spec("""
            {"type": "listFiltered", "values": ["V1"], "isWhitelist": false,
             "delegate": {"type": "extraction", "dimension": "tags", "outputName": "t", "outputType": "STRING", "extractionFn": {"type": "upper", "locale": "fr"}}}
            """);

        var json = Write(spec);
        var again = (ListFilteredDimensionSpec)RoundTrip(spec);

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "type", "delegate", "values", "isWhitelist" }));
        Assert.That((again.Dimension, again.OutputName, again.IsWhitelist, again.Values), Is.EqualTo(("tags", "t", false, new[] { "V1" })));
        Assert.That(again.ExtractionFn, Is.TypeOf<UpperExtractionFn>());
        Assert.That(((UpperExtractionFn)again.ExtractionFn!).Locale, Is.EqualTo("fr"));
        Assert.That((again.Keeps("V1"), again.Keeps("V2")), Is.EqualTo((false, true)));
    }

    [Test]
    public void LookupSpecReadsBackItsFields()
    {
        var again = (LookupDimensionSpec)RoundTrip(Spec("""{"type": "lookup", "dimension": "d", "lookup": {"type": "map", "map": {"a": "b"}}, "retainMissingValue": true}"""));

        Assert.That((again.Dimension, again.RetainMissingValue, again.ExtractionFn!.Apply("a"), again.ExtractionFn.Apply("c")), Is.EqualTo(("d", true, "b", "c")));
    }
}
