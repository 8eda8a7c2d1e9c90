using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class RegexDimFilterTests
{
    [Test]
    public void FindsThePatternAnywhere()
    {
        const string filter = """{"type": "regex", "dimension": "page", "pattern": "^C.*a$"}""";

        Assert.That(Matches(filter, Row(("page", "Cherno Alpha"))), Is.True);
        Assert.That(Matches(filter, Row(("page", "Coyote Tango"))), Is.False);
        Assert.That(Matches("""{"type": "regex", "dimension": "page", "pattern": "no A"}""", Row(("page", "Cherno Alpha"))), Is.True);
    }

    [Test]
    public void RowsWithoutValueAndMultiValues()
    {
        const string filter = """{"type": "regex", "dimension": "tags", "pattern": "^t[0-9]$"}""";

        Assert.That(Matches(filter, Row()), Is.False);
        Assert.That(Matches(filter, Row(("tags", new string?[] { "x", "t7" }))), Is.True);
    }

    [Test]
    public void InvalidPatternsNameTheField()
    {
        Assert.That(() => Filter("""{"type": "regex", "dimension": "d", "pattern": "(unclosed"}""").CreateRowMatcher(),
            Throws.ArgumentException.With.Message.StartsWith("regex.pattern '(unclosed' is not a valid regular expression"));
    }
}
