using Realtime.Core.Extraction;
using Realtime.Core.Query.Having;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Having;

public class DimSelectorHavingSpecTests
{
    /// <summary>Maps values to upper case; an extraction function of the test's own.</summary>
    private sealed class UpperCase : ExtractionFn
    {
        public override string? Apply(string? value) => value?.ToUpperInvariant();
    }

    [Test]
    public void DocExample_MatchesTheDimensionValue()
    {
        var having = Read<HavingSpec>("""{"type": "dimSelector", "dimension": "country", "value": "fr"}""");

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("country", "fr"))), Is.True);
            Assert.That(having.Matches(Row(("country", "de"))), Is.False);
            Assert.That(having.Matches(Row(("country", null))), Is.False);
        });
    }

    [Test]
    public void NullValue_MatchesRowsWithoutAValue()
    {
        var having = Read<HavingSpec>("""{"type": "dimSelector", "dimension": "country", "value": null}""");

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("country", null))), Is.True);
            Assert.That(having.Matches(Row(("country", ""))), Is.True);
            Assert.That(having.Matches(Row()), Is.True);
            Assert.That(having.Matches(Row(("country", "fr"))), Is.False);
        });
    }

    [Test]
    public void NumbersAndMultipleValues_CompareAsText()
    {
        var having = Read<HavingSpec>("""{"type": "dimSelector", "dimension": "code", "value": "5"}""");

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("code", 5L))), Is.True);
            Assert.That(having.Matches(Row(("code", new[] { "4", "5" }))), Is.True);
            Assert.That(having.Matches(Row(("code", 5.5))), Is.False);
        });
    }

    [Test]
    public void ExtractionFn_MapsValuesBeforeComparing()
    {
        var having = new DimSelectorHavingSpec { Dimension = "country", Value = "FR", ExtractionFn = new UpperCase() };

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("country", "fr"))), Is.True);
            Assert.That(having.Matches(Row(("country", "de"))), Is.False);
        });
    }
}
