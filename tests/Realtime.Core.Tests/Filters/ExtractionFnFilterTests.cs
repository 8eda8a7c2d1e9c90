using Realtime.Core.Components;
using Realtime.Core.Extraction;
using Realtime.Core.Filters;
using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class ExtractionFnFilterTests
{
    [Test]
    public void TimestampsAreMappedAsMillis()
    {
        const string filter = """
            {"type": "selector", "dimension": "__time", "value": "Monday", "extractionFn": {"type": "timeFormat", "format": "EEEE"}}
            """;

        Assert.That(Matches(filter, Row(Millis("2015-01-05T10:00:00Z"))), Is.True);
        Assert.That(Matches(filter, Row(Millis("2015-01-06T10:00:00Z"))), Is.False);
    }

    [Test]
    public void RowsWithoutAValueMatchWhenTheMappedNoValueDoes()
    {
        const string nullSelector = """{"type": "selector", "dimension": "page", "value": null, "extractionFn": {"type": "partial", "expr": "^a"}}""";
        const string lookedUp = """
            {"type": "selector", "dimension": "page", "value": "none", "extractionFn": {"type": "lookup", "lookup": {"type": "map", "map": {"": "none"}}}}
            """;

        Assert.That(Matches(nullSelector, Row(("other", "x"))), Is.True);
        Assert.That(Matches(nullSelector, Row(("page", "banana"))), Is.True, "a value mapped to null matches null");
        Assert.That(Matches(nullSelector, Row(("page", "apple"))), Is.False);
        Assert.That(Matches(lookedUp, Row(("other", "x"))), Is.True);
        Assert.That(Matches(lookedUp, Row(("page", "x"))), Is.False);
    }

    [Test]
    public void NumericColumnsAreMappedByValue()
    {
        const string filter = """{"type": "in", "dimension": "n", "values": ["0", "10"], "extractionFn": {"type": "bucket", "size": 10}}""";

        Assert.That(Matches(filter, Row(("n", 7.5))), Is.True);
        Assert.That(Matches(filter, Row(("n", 12L))), Is.True);
        Assert.That(Matches(filter, Row(("n", "19"))), Is.True);
        Assert.That(Matches(filter, Row(("n", 25L))), Is.False);
    }

    [Test]
    public void EveryValueFilterTakesAnExtractionFunction()
    {
        var row = Row(("page", "Gypsy Danger"));

        Assert.That(Matches("""{"type": "bound", "dimension": "page", "lower": "10", "upper": "12", "ordering": "numeric", "extractionFn": {"type": "strlen"}}""", row), Is.True);
        Assert.That(Matches("""{"type": "regex", "dimension": "page", "pattern": "^GYP", "extractionFn": {"type": "upper"}}""", row), Is.True);
        Assert.That(Matches("""{"type": "like", "dimension": "page", "pattern": "gyp%", "extractionFn": {"type": "lower"}}""", row), Is.True);
        Assert.That(Matches("""{"type": "search", "dimension": "page", "query": {"type": "contains", "value": "psy", "caseSensitive": true}, "extractionFn": {"type": "substring", "index": 0, "length": 4}}""", row), Is.False);
        Assert.That(Matches("""{"type": "interval", "dimension": "t", "intervals": ["2015-01-05/2015-01-06"], "extractionFn": {"type": "timeFormat", "asMillis": true}}""",
            Row(("t", "2015-01-05T10:00:00Z"))), Is.True);
    }

    [Test]
    public void MatchingPredicateAppliesTheFunctionToEachKindOfValue()
    {
        var filter = (DimensionFilter)Filter("""{"type": "selector", "dimension": "x", "value": "3", "extractionFn": {"type": "strlen"}}""");

        var predicate = filter.CreateMatchingPredicate();

        Assert.That(predicate.MatchesText("abc"), Is.True);
        Assert.That(predicate.MatchesText("abcd"), Is.False);
        Assert.That(predicate.MatchesLong(123L), Is.True);
        Assert.That(predicate.MatchesDouble(1.5), Is.True);
        Assert.That(predicate.MatchesNull, Is.False, "no value has length 0");
        Assert.That(filter.CreatePredicate().MatchesText("3"), Is.True, "the bare predicate ignores the function");
    }

    [Test]
    public void FiltersBuiltInCodeTakeAnExtractionFunction()
    {
        var filter = new SelectorDimFilter { Dimension = "page", Value = "GYPSY DANGER", ExtractionFn = new UpperExtractionFn() };

        Assert.That(filter.Matches(Row(("page", "Gypsy Danger"))), Is.True);
        Assert.That(filter.CreateMatchingPredicate().MatchesNull, Is.False);
    }

    [Test]
    public void DeprecatedExtractionFilterIsASelectorWithAFunction()
    {
        const string filter = """
            {"type": "extraction", "dimension": "product", "value": "bar_1",
             "extractionFn": {"type": "lookup", "lookup": {"type": "map", "map": {"product_1": "bar_1"}}}}
            """;

        Assert.That(Filter(filter), Is.TypeOf<ExtractionDimFilter>());
        Assert.That(Matches(filter, Row(("product", "product_1"))), Is.True);
        Assert.That(Matches(filter, Row(("product", "product_2"))), Is.False);
        Assert.That(Matches("""{"type": "extraction", "dimension": "n", "value": null, "extractionFn": {"type": "partial", "expr": "x"}}""", Row(("n", "y"))), Is.True);
    }

    [Test]
    public void DeprecatedExtractionFilterNeedsAFunction()
    {
        var filter = Filter("""{"type": "extraction", "dimension": "product", "value": "bar_1"}""");

        Assert.That(() => filter.CreateRowMatcher(),
            Throws.ArgumentException.With.Message.EqualTo("extraction.extractionFn is required (filter on 'product'); without one, use a selector filter."));
    }

    [Test]
    public void ABadFunctionIsASpecErrorNamingThePath()
    {
        var error = Assert.Throws<SpecException>(() => Filter("""
            {"type": "not", "field": {"type": "selector", "dimension": "page", "value": "x", "extractionFn": {"type": "substring", "index": 0, "length": -1}}}
            """));

        Assert.That(error!.Message, Does.Contain("$.field.extractionFn").And.Contain("substring extraction function: length must be positive; got -1."));
    }

    [Test]
    public void FiltersWriteTheirFunctionAndReadItBack()
    {
        var spec = new SpecSerializer(ComponentRegistry.BuiltIn);
        var filter = Filter("""{"type": "selector", "dimension": "page", "value": "GYP", "extractionFn": {"type": "substring", "index": 0, "length": 3}}""");

        var again = spec.Deserialize<DimFilter>(spec.SerializeToElement(filter).GetRawText());

        Assert.That(((SelectorDimFilter)again).ExtractionFn, Is.TypeOf<SubstringExtractionFn>());
        Assert.That(again.Matches(Row(("page", "GYPSY"))), Is.True);
    }

    private static long Millis(string iso) => Realtime.Abstractions.Time.DateTimes.ParseIso(iso);
}
