using Realtime.Core.Components;
using Realtime.Core.Filters;
using Realtime.Core.Values;
using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class DimFilterTests
{
    private static readonly SpecSerializer Spec = new(ComponentRegistry.BuiltIn);

    [Test]
    public void ReadsEveryFilterType()
    {
        var filter = Filter("""
            {"type": "or", "fields": [
              {"type": "selector", "dimension": "a", "value": "1"},
              {"type": "in", "dimension": "a", "values": ["1"]},
              {"type": "bound", "dimension": "a", "lower": "1"},
              {"type": "and", "fields": [{"type": "true"}]},
              {"type": "not", "field": {"type": "false"}},
              {"type": "regex", "dimension": "a", "pattern": "x"},
              {"type": "like", "dimension": "a", "pattern": "x%"},
              {"type": "search", "dimension": "a", "query": {"type": "contains", "value": "x"}},
              {"type": "interval", "dimension": "__time", "intervals": ["2014-10-01/2014-10-07"]},
              {"type": "columnComparison", "dimensions": ["a", "b"]}
            ]}
            """);

        var types = ((OrDimFilter)filter).Fields.Select(f => f.GetType()).ToArray();

        Assert.That(types, Is.EqualTo(new[]
        {
            typeof(SelectorDimFilter), typeof(InDimFilter), typeof(BoundDimFilter), typeof(AndDimFilter), typeof(NotDimFilter),
            typeof(RegexDimFilter), typeof(LikeDimFilter), typeof(SearchDimFilter), typeof(IntervalDimFilter), typeof(ColumnComparisonDimFilter),
        }));
    }

    [Test]
    public void WritesFiltersThatReadBackTheSame()
    {
        var filter = Filter("""
            {"type": "and", "fields": [
              {"type": "bound", "dimension": "age", "lower": 21, "upper": "31", "upperStrict": true, "ordering": {"type": "numeric"}},
              {"type": "not", "field": {"type": "in", "dimension": "tags", "values": ["x", null]}},
              {"type": "search", "dimension": "page", "query": {"type": "fragment", "values": ["a", "b"]}}
            ]}
            """);

        var again = Spec.Deserialize<DimFilter>(Spec.SerializeToElement(filter).GetRawText());

        var bound = (BoundDimFilter)((AndDimFilter)again).Fields[0];
        Assert.That((bound.Lower, bound.Upper, bound.UpperStrict, bound.Ordering), Is.EqualTo(("21", "31", true, StringOrdering.Numeric)));
        Assert.That(((InDimFilter)((NotDimFilter)((AndDimFilter)again).Fields[1]).Field).Values, Is.EqualTo(new[] { "x", null }));
        Assert.That(((FragmentSearchQuerySpec)((SearchDimFilter)((AndDimFilter)again).Fields[2]).Query).Values, Is.EqualTo(new[] { "a", "b" }));
        var row = Row(("age", 25L), ("tags", "y"), ("page", "bar"));
        Assert.That((filter.Matches(row), again.Matches(row)), Is.EqualTo((true, true)));
    }

    [Test]
    public void UnknownFilterTypesListTheKnownOnes()
    {
        var error = Assert.Throws<SpecException>(() => Filter("""{"type": "spatial", "dimension": "coord"}"""));

        Assert.That(error!.Message, Does.Contain("spatial").And.Contain("selector"));
    }

    [Test]
    public void ASelectorWithoutDimensionIsASpecError()
    {
        Assert.Throws<SpecException>(() => Filter("""{"type": "selector", "value": "x"}"""));
    }
}
