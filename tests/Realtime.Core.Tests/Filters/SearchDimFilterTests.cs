using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class SearchDimFilterTests
{
    [Test]
    public void InsensitiveContainsFromTheDocs()
    {
        const string filter = """{"type": "search", "dimension": "product", "query": {"type": "insensitive_contains", "value": "foo"}}""";

        Assert.That(Matches(filter, Row(("product", "a FOOd thing"))), Is.True);
        Assert.That(Matches(filter, Row(("product", "bar"))), Is.False);
        Assert.That(Matches(filter, Row()), Is.False);
    }

    [Test]
    public void ContainsIsCaseInsensitiveUnlessAsked()
    {
        const string insensitive = """{"type": "search", "dimension": "d", "query": {"type": "contains", "value": "Foo"}}""";
        const string sensitive = """{"type": "search", "dimension": "d", "query": {"type": "contains", "value": "Foo", "caseSensitive": true}}""";

        Assert.That(Matches(insensitive, Row(("d", "xfoox"))), Is.True);
        Assert.That(Matches(sensitive, Row(("d", "xfoox"))), Is.False);
        Assert.That(Matches(sensitive, Row(("d", "xFoox"))), Is.True);
    }

    [Test]
    public void FragmentNeedsEveryFragment()
    {
        const string filter = """{"type": "search", "dimension": "d", "query": {"type": "fragment", "values": ["ab", "CD"]}}""";
        const string sensitive = """{"type": "search", "dimension": "d", "query": {"type": "fragment", "values": ["ab", "CD"], "caseSensitive": true}}""";

        Assert.That(Matches(filter, Row(("d", "xxcdyyab"))), Is.True);
        Assert.That(Matches(filter, Row(("d", "xxcdyy"))), Is.False);
        Assert.That(Matches(sensitive, Row(("d", "xxcdyyab"))), Is.False);
    }

    [Test]
    public void RegexSearch()
    {
        Assert.That(Matches("""{"type": "search", "dimension": "d", "query": {"type": "regex", "pattern": "o{2}"}}""", Row(("d", "food"))), Is.True);
    }

    [Test]
    public void MultiValueFieldsMatchWhenAnyValueMatches()
    {
        Assert.That(Matches("""{"type": "search", "dimension": "d", "query": {"type": "contains", "value": "z"}}""", Row(("d", new string?[] { "a", "xyz" }))), Is.True);
    }
}
