using Realtime.Core.Aggregation;
using Realtime.Core.Query.PostAggregation;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.PostAggregation;

public class HyperUniqueCardinalityPostAggregatorTests
{
    [Test]
    public void DocExample_AverageUsersPerRow_DividesTheEstimate()
    {
        var json = """
            {
              "type"   : "arithmetic",
              "name"   : "average_users_per_row",
              "fn"     : "/",
              "fields" : [
                { "type" : "hyperUniqueCardinality", "fieldName" : "unique_users" },
                { "type" : "fieldAccess", "name" : "rows", "fieldName" : "rows" }
              ]
            }
            """;
        var aggregators = Aggregators(new CountAggregatorFactory { Name = "rows" }, new HyperUniqueAggregatorFactory { Name = "unique_users", FieldName = "uniques" });

        var result = Read<PostAggregator>(json).Compute(Row(("rows", 4L), ("unique_users", Sketch(6))).Values, aggregators);

        Assert.That(result, Is.EqualTo(1.5).Within(0.01));
    }

    [Test]
    public void Name_DefaultsToTheFieldName() =>
        Assert.That(Read<PostAggregator>("""{ "type" : "hyperUniqueCardinality", "fieldName" : "unique_users" }""").Name, Is.EqualTo("unique_users"));

    [Test]
    public void ReadFromARoundingAggregator_IsALong()
    {
        var aggregators = Aggregators(new HyperUniqueAggregatorFactory { Name = "unique_users", FieldName = "uniques", Round = true });
        var postAggregator = Read<PostAggregator>("""{ "type" : "hyperUniqueCardinality", "name": "n", "fieldName" : "unique_users" }""");

        Assert.That(postAggregator.Compute(Row(("unique_users", Sketch(3))).Values, aggregators), Is.EqualTo(3L));
    }

    [Test]
    public void ReadFromAnotherPostAggregator_IsTheUnroundedEstimate()
    {
        var postAggregator = Read<PostAggregator>("""{ "type" : "hyperUniqueCardinality", "name": "n", "fieldName" : "sketch" }""");

        var result = postAggregator.Compute(Row(("sketch", Sketch(3))).Values, Aggregators());

        Assert.That(result, Is.TypeOf<double>().And.EqualTo(3.0).Within(0.01));
    }

    [Test]
    public void NoSketch_IsZero() =>
        Assert.That(
            Read<PostAggregator>("""{ "type" : "hyperUniqueCardinality", "fieldName" : "u" }""").Compute(Row(("u", null)).Values, Aggregators()),
            Is.EqualTo(0.0));
}
