using Realtime.Core.Components;
using Realtime.Core.Query.Having;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Having;

public class LogicalHavingSpecsTests
{
    [Test]
    public void DocExample_And_NeedsEveryClause()
    {
        var having = Read<HavingSpec>("""
            {
              "type": "and",
              "havingSpecs": [
                { "type": "greaterThan", "aggregation": "rows", "value": 10 },
                { "type": "lessThan", "aggregation": "rows", "value": 20 }
              ]
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("rows", 15L))), Is.True);
            Assert.That(having.Matches(Row(("rows", 25L))), Is.False);
            Assert.That(having.Matches(Row(("rows", 5L))), Is.False);
        });
    }

    [Test]
    public void DocExample_Or_NeedsOneClause()
    {
        var having = Read<HavingSpec>("""
            {
              "type": "or",
              "havingSpecs": [
                { "type": "greaterThan", "aggregation": "rows", "value": 10 },
                { "type": "equalTo", "aggregation": "rows", "value": 3 }
              ]
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("rows", 11L))), Is.True);
            Assert.That(having.Matches(Row(("rows", 3L))), Is.True);
            Assert.That(having.Matches(Row(("rows", 4L))), Is.False);
        });
    }

    [Test]
    public void DocExample_Not_Negates()
    {
        var having = Read<HavingSpec>("""
            { "type": "not", "havingSpec": { "type": "equalTo", "aggregation": "rows", "value": 3 } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(having.Matches(Row(("rows", 3L))), Is.False);
            Assert.That(having.Matches(Row(("rows", 4L))), Is.True);
        });
    }

    [Test]
    public void AlwaysAndNever()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Read<HavingSpec>("""{"type": "always"}""").Matches(Row()), Is.True);
            Assert.That(Read<HavingSpec>("""{"type": "never"}""").Matches(Row()), Is.False);
        });
    }

    [Test]
    public void NullClause_IsRejectedNamingItsIndex() =>
        Assert.That(() => Read<HavingSpec>("""{"type": "or", "havingSpecs": [{"type": "always"}, null]}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("or.havingSpecs[1] is null."));

    [Test]
    public void UnknownType_ListsTheKnownOnes() =>
        Assert.That(() => Read<HavingSpec>("""{"type": "between"}"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("Unknown having type 'between'").And.Message.Contains("dimSelector"));
}
