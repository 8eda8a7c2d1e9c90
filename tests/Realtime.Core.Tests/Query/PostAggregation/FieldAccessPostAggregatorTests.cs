using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class FieldAccessPostAggregatorTests
{
    private static readonly Dictionary<string, AggregatorFactory> UniqueUsers =
        Aggregators(new HyperUniqueAggregatorFactory { Name = "unique_users", FieldName = "user" }, new CountAggregatorFactory { Name = "rows" });

    [Test]
    public void FieldAccess_ReturnsTheRawValue()
    {
        var sketch = Sketch(3);
        var postAggregator = Read<PostAggregator>("""{ "type" : "fieldAccess", "name": "raw", "fieldName" : "unique_users" }""");

        Assert.Multiple(() =>
        {
            Assert.That(postAggregator, Is.TypeOf<FieldAccessPostAggregator>());
            Assert.That(postAggregator.DependentFields, Is.EquivalentTo(new[] { "unique_users" }));
            Assert.That(postAggregator.Compute(Row(("unique_users", sketch)).Values, UniqueUsers), Is.SameAs(sketch));
        });
    }

    [Test]
    public void FinalizingFieldAccess_FinalizesAggregatorsOnly()
    {
        var sketch = Sketch(3);
        var ofAggregator = Read<PostAggregator>("""{ "type" : "finalizingFieldAccess", "name": "n", "fieldName" : "unique_users" }""");
        var ofPostAggregator = Read<PostAggregator>("""{ "type" : "finalizingFieldAccess", "name": "n", "fieldName" : "earlier" }""");
        var values = Row(("unique_users", sketch), ("earlier", sketch)).Values;

        Assert.Multiple(() =>
        {
            Assert.That(ofAggregator.Compute(values, UniqueUsers), Is.EqualTo(3.0).Within(0.01));
            Assert.That(ofPostAggregator.Compute(values, UniqueUsers), Is.SameAs(sketch));
        });
    }

    [Test]
    public void MissingField_ReadsAsNull()
    {
        var postAggregator = Read<PostAggregator>("""{ "type" : "fieldAccess", "name": "raw", "fieldName" : "country" }""");

        Assert.That(postAggregator.Compute(Row(("rows", 1L)).Values, UniqueUsers), Is.Null);
    }

    [Test]
    public void FieldNameIsRequired() =>
        Assert.That(() => Read<PostAggregator>("""{ "type" : "fieldAccess", "name": "raw" }"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("fieldName"));

    [Test]
    public void Constant_ReturnsItsValue()
    {
        var postAggregator = Read<PostAggregator>("""{ "type"  : "constant", "name"  : "const", "value" : 100 }""");

        Assert.Multiple(() =>
        {
            Assert.That(postAggregator.DependentFields, Is.Empty);
            Assert.That(postAggregator.Compute(Row().Values, UniqueUsers), Is.EqualTo(100.0));
        });
    }
}
