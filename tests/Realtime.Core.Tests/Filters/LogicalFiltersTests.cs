using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class LogicalFiltersTests
{
    private static readonly Abstractions.Parsing.InputRow EnglishArticle = Row(("language", "en"), ("namespace", "article"));

    [Test]
    public void AndNeedsEveryField()
    {
        Assert.That(Matches("""
            {"type": "and", "fields": [{"type": "selector", "dimension": "language", "value": "en"}, {"type": "selector", "dimension": "namespace", "value": "article"}]}
            """, EnglishArticle), Is.True);
        Assert.That(Matches("""
            {"type": "and", "fields": [{"type": "selector", "dimension": "language", "value": "en"}, {"type": "selector", "dimension": "namespace", "value": "wikipedia"}]}
            """, EnglishArticle), Is.False);
    }

    [Test]
    public void OrNeedsOneField()
    {
        Assert.That(Matches("""
            {"type": "or", "fields": [{"type": "selector", "dimension": "language", "value": "ru"}, {"type": "selector", "dimension": "namespace", "value": "article"}]}
            """, EnglishArticle), Is.True);
        Assert.That(Matches("""
            {"type": "or", "fields": [{"type": "selector", "dimension": "language", "value": "ru"}, {"type": "false"}]}
            """, EnglishArticle), Is.False);
    }

    [Test]
    public void NotNegates()
    {
        Assert.That(Matches("""{"type": "not", "field": {"type": "selector", "dimension": "language", "value": "en"}}""", EnglishArticle), Is.False);
        Assert.That(Matches("""{"type": "not", "field": {"type": "selector", "dimension": "language", "value": "ru"}}""", EnglishArticle), Is.True);
    }

    [Test]
    public void NotOfAMultiValueMatchIsFalseWhenAnyValueMatches()
    {
        var row = Row(("tags", new string?[] { "t1", "t3" }));

        Assert.That(Matches("""{"type": "not", "field": {"type": "selector", "dimension": "tags", "value": "t3"}}""", row), Is.False);
    }

    [Test]
    public void TrueAndFalse()
    {
        Assert.That(Matches("""{"type": "true"}""", EnglishArticle), Is.True);
        Assert.That(Matches("""{"type": "false"}""", EnglishArticle), Is.False);
    }

    [Test]
    public void EmptyAndIsRejected()
    {
        Assert.That(() => Filter("""{"type": "and", "fields": []}""").CreateRowMatcher(), Throws.ArgumentException.With.Message.EqualTo("and.fields must contain at least one filter."));
    }

    [Test]
    public void NestedInvalidFiltersAreReportedWhenBuilt()
    {
        var filter = Filter("""{"type": "or", "fields": [{"type": "not", "field": {"type": "like", "dimension": "d", "pattern": "a", "escape": "ab"}}]}""");

        Assert.That(() => filter.CreateRowMatcher(), Throws.ArgumentException.With.Message.Contains("like.escape must be a single character"));
    }
}
