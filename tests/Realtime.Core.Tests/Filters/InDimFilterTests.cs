using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class InDimFilterTests
{
    private const string Outlaws = """{"type": "in", "dimension": "outlaw", "values": ["Good", "Bad", "Ugly"]}""";

    [TestCase("Good", true)]
    [TestCase("Ugly", true)]
    [TestCase("Neutral", false)]
    [TestCase(null, false)]
    public void MatchesAnyListedValue(string? value, bool expected)
    {
        Assert.That(Matches(Outlaws, Row(("outlaw", value))), Is.EqualTo(expected));
    }

    [Test]
    public void MultiValueFieldsMatchWhenAnyValueIsListed()
    {
        Assert.That(Matches(Outlaws, Row(("outlaw", new string?[] { "Neutral", "Bad" }))), Is.True);
        Assert.That(Matches(Outlaws, Row(("outlaw", new string?[] { "Neutral" }))), Is.False);
    }

    [Test]
    public void ANullEntryMatchesRowsWithoutValue()
    {
        const string filter = """{"type": "in", "dimension": "d", "values": [null, "x"]}""";

        Assert.That(Matches(filter, Row()), Is.True);
        Assert.That(Matches(filter, Row(("d", Array.Empty<string?>()))), Is.True);
        Assert.That(Matches(filter, Row(("d", "y"))), Is.False);
    }

    [Test]
    public void NumbersMatchNumericFields()
    {
        const string filter = """{"type": "in", "dimension": "n", "values": [1, "2", "3.5"]}""";

        Assert.That(Matches(filter, Row(("n", 2L))), Is.True);
        Assert.That(Matches(filter, Row(("n", 3.5))), Is.True);
        Assert.That(Matches(filter, Row(("n", 1.0))), Is.True);
        Assert.That(Matches(filter, Row(("n", 4L))), Is.False);
    }
}
