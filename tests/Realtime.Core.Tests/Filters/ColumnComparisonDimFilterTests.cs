using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class ColumnComparisonDimFilterTests
{
    private const string SameCountryAndRegion = """{"type": "columnComparison", "dimensions": ["country", {"type": "default", "dimension": "region", "outputName": "r"}]}""";

    [Test]
    public void MatchesWhenTheColumnsAreEqual()
    {
        Assert.That(Matches(SameCountryAndRegion, Row(("country", "Australia"), ("region", "Australia"))), Is.True);
        Assert.That(Matches(SameCountryAndRegion, Row(("country", "Australia"), ("region", "Cantebury"))), Is.False);
    }

    [Test]
    public void ColumnsWithoutValueAreEqual()
    {
        Assert.That(Matches(SameCountryAndRegion, Row()), Is.True);
        Assert.That(Matches(SameCountryAndRegion, Row(("country", ""), ("region", Array.Empty<string?>()))), Is.True);
        Assert.That(Matches(SameCountryAndRegion, Row(("country", "x"))), Is.False);
    }

    [Test]
    public void MultiValueColumnsAreEqualWhenTheyShareAValue()
    {
        Assert.That(Matches(SameCountryAndRegion, Row(("country", new string?[] { "a", "b" }), ("region", new string?[] { "c", "b" }))), Is.True);
        Assert.That(Matches(SameCountryAndRegion, Row(("country", new string?[] { "a", "b" }), ("region", new string?[] { "c" }))), Is.False);
    }

    [Test]
    public void NumbersAndTheTimestampCompareAsText()
    {
        Assert.That(Matches("""{"type": "columnComparison", "dimensions": ["n", "s"]}""", Row(("n", 5L), ("s", "5"))), Is.True);
        Assert.That(Matches("""{"type": "columnComparison", "dimensions": ["__time", "t"]}""", Row(42, ("t", "42"))), Is.True);
    }

    [Test]
    public void NeedsTwoColumns()
    {
        Assert.That(() => Filter("""{"type": "columnComparison", "dimensions": ["a"]}""").CreateRowMatcher(),
            Throws.ArgumentException.With.Message.Contains("at least two columns"));
    }
}
