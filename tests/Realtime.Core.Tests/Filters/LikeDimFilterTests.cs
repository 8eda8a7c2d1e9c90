using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class LikeDimFilterTests
{
    [TestCase("D%", "Doe", true)]
    [TestCase("D%", "doe", false)]
    [TestCase("D%", "John Doe", false)]
    [TestCase("___bar", "foobar", true)]
    [TestCase("___bar", "fobar", false)]
    [TestCase("%.%", "a.b", true)]
    [TestCase("%.%", "ab", false)]
    [TestCase("a%b", "a\nb", true)]
    [TestCase("[x]%", "[x]y", true)]
    public void MatchesTheWholeValue(string pattern, string value, bool expected)
    {
        var filter = $$"""{"type": "like", "dimension": "last_name", "pattern": "{{pattern.Replace("\n", "\\n")}}"}""";

        Assert.That(Matches(filter, Row(("last_name", value))), Is.EqualTo(expected));
    }

    [Test]
    public void EscapeMakesWildcardsLiteral()
    {
        const string filter = """{"type": "like", "dimension": "d", "pattern": "100!%%", "escape": "!"}""";

        Assert.That(Matches(filter, Row(("d", "100% sure"))), Is.True);
        Assert.That(Matches(filter, Row(("d", "1000 sure"))), Is.False);
    }

    [Test]
    public void RowsWithoutValueAreMatchedAsEmpty()
    {
        Assert.That(Matches("""{"type": "like", "dimension": "d", "pattern": "%"}""", Row()), Is.True);
        Assert.That(Matches("""{"type": "like", "dimension": "d", "pattern": "_%"}""", Row()), Is.False);
    }

    [Test]
    public void MultiValueFieldsMatchWhenAnyValueMatches()
    {
        Assert.That(Matches("""{"type": "like", "dimension": "d", "pattern": "b%"}""", Row(("d", new string?[] { "a", "bc" }))), Is.True);
    }
}
