using Realtime.Core.Components;
using Realtime.Core.Query.Having;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Having;

public class FilterHavingSpecTests
{
    [Test]
    public void DocExample_Selector()
    {
        var having = Read<HavingSpec>("""
            {
              "type" : "filter",
              "filter" : { "type": "selector", "dimension" : "country", "value" : "fr" }
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("country", "fr"), ("rows", 1L))), Is.True);
            Assert.That(having.Matches(Row(("country", "de"), ("rows", 1L))), Is.False);
        });
    }

    [Test]
    public void Bound_ComparesMetricsAsNumbers()
    {
        var having = Read<HavingSpec>("""
            { "type": "filter", "filter": { "type": "bound", "dimension": "avg", "lower": "2", "upper": "10", "ordering": "numeric" } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("avg", 9.5))), Is.True);
            Assert.That(having.Matches(Row(("avg", 11L))), Is.False);
        });
    }

    [Test]
    public void TimeColumn_IsTheRowTimestamp()
    {
        var having = Read<HavingSpec>("""
            { "type": "filter", "filter": { "type": "interval", "dimension": "__time", "intervals": ["2012-01-01T00:00:00.000Z/2012-01-02T00:00:00.000Z"] } }
            """);
        var firstDay = Millis("2012-01-01T12:00:00Z");
        var secondDay = Millis("2012-01-02T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(firstDay, ("rows", 1L))), Is.True);
            Assert.That(having.Matches(Row(secondDay, ("rows", 1L))), Is.False);
        });
    }

    [Test]
    public void InvalidFilter_IsRejectedWhenRead() =>
        Assert.That(() => Read<HavingSpec>("""{ "type": "filter", "filter": { "type": "like", "dimension": "d", "pattern": "a", "escape": "ab" } }"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("filter: like.escape must be a single character"));

    [Test]
    public void ManyThreads_EachGetTheSameAnswers()
    {
        var having = Read<HavingSpec>("""{ "type": "filter", "filter": { "type": "regex", "dimension": "page", "pattern": "^Main" } }""");
        var results = new bool[64];

        Parallel.For(0, results.Length, i => results[i] = having.Matches(Row(("page", i % 2 == 0 ? "Main_Page" : "Talk"))));

        Assert.That(results, Is.EqualTo(Enumerable.Range(0, results.Length).Select(i => i % 2 == 0)));
    }
}
