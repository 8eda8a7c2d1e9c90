using Realtime.Core.Filters;
using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class IntervalDimFilterTests
{
    // The example of Druid's filters.md.
    private const string OctoberAndNovember = """
        {"type": "interval", "dimension": "__time",
         "intervals": ["2014-10-01T00:00:00.000Z/2014-10-07T00:00:00.000Z", "2014-11-15T00:00:00.000Z/2014-11-16T00:00:00.000Z"]}
        """;

    // The docs give the equivalent bound filters' millis: 1412121600000, 1412640000000, 1416009600000, 1416096000000.
    [TestCase(1412121600000L, true)]
    [TestCase(1412639999999L, true)]
    [TestCase(1412640000000L, false)]
    [TestCase(1416009600000L, true)]
    [TestCase(1416096000000L, false)]
    [TestCase(1412121599999L, false)]
    public void MatchesTimestampsInAnyInterval(long millis, bool expected)
    {
        Assert.That(Matches(OctoberAndNovember, Row(millis)), Is.EqualTo(expected));
    }

    [Test]
    public void ReadsOtherColumnsAsMillis()
    {
        const string filter = """{"type": "interval", "dimension": "t", "intervals": ["1970-01-01T00:00:00Z/1970-01-01T00:00:01Z"]}""";

        Assert.That(Matches(filter, Row(("t", 999L))), Is.True);
        Assert.That(Matches(filter, Row(("t", "500"))), Is.True);
        Assert.That(Matches(filter, Row(("t", 999.5))), Is.True);
        Assert.That(Matches(filter, Row(("t", "1970-01-01T00:00:00Z"))), Is.False);
        Assert.That(Matches(filter, Row()), Is.False);
    }

    [Test]
    public void BadIntervalsNameTheEntry()
    {
        var filter = new IntervalDimFilter { Dimension = "__time", Intervals = ["2014-10-01/2014-09-01"] };

        Assert.That(() => filter.CreateRowMatcher(), Throws.ArgumentException.With.Message.StartsWith("interval.intervals[0]:").And.Message.Contains("ends before it starts"));
    }
}
