using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class SelectorDimFilterTests
{
    [Test]
    public void MatchesEqualText()
    {
        const string filter = """{"type": "selector", "dimension": "page", "value": "Gypsy Danger"}""";

        Assert.That(Matches(filter, Row(("page", "Gypsy Danger"))), Is.True);
        Assert.That(Matches(filter, Row(("page", "gypsy danger"))), Is.False);
        Assert.That(Matches(filter, Row(("other", "Gypsy Danger"))), Is.False);
    }

    [Test]
    public void AnyValueOfAMultiValueFieldMayMatch()
    {
        const string filter = """{"type": "selector", "dimension": "tags", "value": "t3"}""";

        Assert.That(Matches(filter, Row(("tags", new string?[] { "t1", "t3" }))), Is.True);
        Assert.That(Matches(filter, Row(("tags", new string?[] { "t1", "t2" }))), Is.False);
    }

    [Test]
    public void NullValueMatchesMissingNullEmptyAndEmptyList()
    {
        const string filter = """{"type": "selector", "dimension": "tags", "value": null}""";

        Assert.That(Matches(filter, Row(("other", "x"))), Is.True);
        Assert.That(Matches(filter, Row(("tags", null))), Is.True);
        Assert.That(Matches(filter, Row(("tags", ""))), Is.True);
        Assert.That(Matches(filter, Row(("tags", Array.Empty<string?>()))), Is.True);
        Assert.That(Matches(filter, Row(("tags", new string?[] { "a", null }))), Is.True);
        Assert.That(Matches(filter, Row(("tags", "x"))), Is.False);
        Assert.That(Matches(filter, Row(("tags", 0L))), Is.False);
    }

    [Test]
    public void EmptyValueIsTheSameAsNull()
    {
        Assert.That(Matches("""{"type": "selector", "dimension": "d", "value": ""}""", Row(("d", null))), Is.True);
    }

    [Test]
    public void NumericFieldsCompareByValue()
    {
        Assert.That(Matches("""{"type": "selector", "dimension": "n", "value": "57"}""", Row(("n", 57L))), Is.True);
        Assert.That(Matches("""{"type": "selector", "dimension": "n", "value": 57}""", Row(("n", 57.0))), Is.True);
        Assert.That(Matches("""{"type": "selector", "dimension": "n", "value": "57.0"}""", Row(("n", 57L))), Is.True);
        Assert.That(Matches("""{"type": "selector", "dimension": "n", "value": "0.5"}""", Row(("n", 0.5))), Is.True);
        Assert.That(Matches("""{"type": "selector", "dimension": "n", "value": "abc"}""", Row(("n", 57L))), Is.False);
    }

    [Test]
    public void BooleansMatchTheirText()
    {
        Assert.That(Matches("""{"type": "selector", "dimension": "b", "value": "true"}""", Row(("b", true))), Is.True);
    }

    [Test]
    public void FiltersTheTimestampColumnAsMillis()
    {
        const string filter = """{"type": "selector", "dimension": "__time", "value": "124457387532"}""";

        Assert.That(Matches(filter, Row(124457387532L)), Is.True);
        Assert.That(Matches(filter, Row(124457387533L)), Is.False);
    }

    [Test]
    public void ExtractionFunctionMapsValuesBeforeTheyAreCompared()
    {
        // Druid's lookup example, with the map inline: product_1 and product_3 both look up as bar_1.
        const string filter = """
            {"type": "selector", "dimension": "product", "value": "bar_1",
             "extractionFn": {"type": "lookup", "lookup": {"type": "map", "map": {"product_1": "bar_1", "product_2": "bar_2", "product_3": "bar_1"}}}}
            """;

        Assert.That(Matches(filter, Row(("product", "product_1"))), Is.True);
        Assert.That(Matches(filter, Row(("product", "product_3"))), Is.True);
        Assert.That(Matches(filter, Row(("product", "product_2"))), Is.False);
        Assert.That(Matches(filter, Row(("product", "bar_1"))), Is.False, "the value itself is not compared");
    }
}
