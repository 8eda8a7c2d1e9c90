using Realtime.Core.Components;
using Realtime.Core.Query;
using Realtime.Core.Query.Ordering;
using Realtime.Core.Query.PostAggregation;
using Realtime.Core.Values;
using static Realtime.Core.Tests.Query.QueryJson;

namespace Realtime.Core.Tests.Query.Ordering;

public class DefaultLimitSpecTests
{
    private static readonly QueryColumns Columns = new(
        ["country", "code"],
        new Dictionary<string, IComparer<object?>> { ["data_transfer"] = NumericValueComparer.Instance });

    private static ResultRow R(long time, string? country, object? dataTransfer, string? code = null) =>
        Row(time, ("country", country), ("data_transfer", dataTransfer), ("code", code));

    private static string[] Apply(string json, IReadOnlyList<ResultRow> rows, bool sortByDimsFirst = false) =>
        Read<LimitSpec>(json).Apply(rows, Columns, sortByDimsFirst)
            .Select(r => $"{r.TimestampMillis}:{r.Values["country"]}:{ResultRow.TextOf(r.Values["data_transfer"])}")
            .ToArray();

    [Test]
    public void GroupByDocExample_Deserializes()
    {
        var spec = (DefaultLimitSpec)Read<LimitSpec>("""{ "type": "default", "limit": 5000, "columns": ["country", "data_transfer"] }""");

        Assert.Multiple(() =>
        {
            Assert.That(spec.Limit, Is.EqualTo(5000));
            Assert.That(spec.Offset, Is.Zero);
            Assert.That(spec.Columns.Select(c => c.Dimension), Is.EqualTo(new[] { "country", "data_transfer" }));
            Assert.That(spec.Columns.Select(c => c.Direction), Is.All.EqualTo(SortDirection.Ascending));
            Assert.That(spec.Columns.Select(c => c.DimensionOrder), Is.All.SameAs(StringOrdering.Lexicographic));
        });
    }

    [Test]
    public void OrderByColumnObjects_ReadDirectionAndDimensionOrder()
    {
        var spec = (DefaultLimitSpec)Read<LimitSpec>("""
            {
              "columns": [
                { "dimension": "code", "direction": "descending", "dimensionOrder": "numeric" },
                { "dimension": "country", "direction": "ASC", "dimensionOrder": { "type": "strlen" } },
                { "dimension": "data_transfer", "direction": "desc" }
              ]
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Columns.Select(c => c.Direction), Is.EqualTo(new[] { SortDirection.Descending, SortDirection.Ascending, SortDirection.Descending }));
            Assert.That(spec.Columns.Select(c => c.DimensionOrder), Is.EqualTo(new[] { StringOrdering.Numeric, StringOrdering.Strlen, StringOrdering.Lexicographic }));
            Assert.That(spec.Limit, Is.Null);
        });
    }

    [Test]
    public void UnknownDirection_IsRejectedNamingIt() =>
        Assert.That(() => Read<LimitSpec>("""{ "type": "default", "columns": [{ "dimension": "country", "direction": "sideways" }] }"""),
            Throws.InstanceOf<SpecException>().With.Message.Contains("direction 'sideways' is not ascending or descending."));

    [Test]
    public void LimitMustBePositive_OffsetNotNegative()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Read<LimitSpec>("""{ "type": "default", "limit": 0 }"""),
                Throws.InstanceOf<SpecException>().With.Message.Contains("limitSpec.limit must be greater than 0; found 0."));
            Assert.That(() => Read<LimitSpec>("""{ "type": "default", "offset": -1 }"""),
                Throws.InstanceOf<SpecException>().With.Message.Contains("limitSpec.offset must not be negative; found -1."));
        });
    }

    [Test]
    public void NoColumns_KeepsTheOrder_OffsetThenLimit()
    {
        ResultRow[] rows = [R(2, "b", 1.0), R(1, "a", 2.0), R(3, "c", 3.0), R(0, "d", 4.0)];

        Assert.Multiple(() =>
        {
            Assert.That(Apply("""{ "limit": 2 }""", rows), Is.EqualTo(new[] { "2:b:1", "1:a:2" }));
            Assert.That(Apply("""{ "limit": 2, "offset": 1 }""", rows), Is.EqualTo(new[] { "1:a:2", "3:c:3" }));
            Assert.That(Apply("""{ "offset": 3 }""", rows), Is.EqualTo(new[] { "0:d:4" }));
        });
    }

    [Test]
    public void Columns_OrderWithinEachTimestamp_UnlessSortByDimsFirst()
    {
        ResultRow[] rows = [R(1, "b", 1.0), R(2, "a", 2.0), R(1, "a", 3.0), R(2, "b", 4.0)];

        Assert.Multiple(() =>
        {
            Assert.That(Apply("""{ "columns": ["country"] }""", rows), Is.EqualTo(new[] { "1:a:3", "1:b:1", "2:a:2", "2:b:4" }));
            Assert.That(Apply("""{ "columns": ["country"] }""", rows, sortByDimsFirst: true), Is.EqualTo(new[] { "1:a:3", "2:a:2", "1:b:1", "2:b:4" }));
        });
    }

    [Test]
    public void MetricColumn_NoValueLastAscending_FirstDescending()
    {
        ResultRow[] rows = [R(0, "a", 2.0), R(0, "b", null), R(0, "c", 10L), R(0, "d", -1.5)];

        Assert.Multiple(() =>
        {
            Assert.That(Apply("""{ "columns": ["data_transfer"] }""", rows), Is.EqualTo(new[] { "0:d:-1.5", "0:a:2", "0:c:10", "0:b:" }));
            Assert.That(Apply("""{ "columns": [{ "dimension": "data_transfer", "direction": "descending" }], "limit": 3 }""", rows),
                Is.EqualTo(new[] { "0:b:", "0:c:10", "0:a:2" }));
        });
    }

    [Test]
    public void DimensionColumn_UsesItsDimensionOrder_NoValueFirst()
    {
        ResultRow[] rows = [R(0, "w", 1.0, "10"), R(0, "x", 2.0, "9"), R(0, "y", 3.0, null), R(0, "z", 4.0, "-1")];

        Assert.Multiple(() =>
        {
            Assert.That(Apply("""{ "columns": ["code"] }""", rows), Is.EqualTo(new[] { "0:y:3", "0:z:4", "0:w:1", "0:x:2" }));
            Assert.That(Apply("""{ "columns": [{ "dimension": "code", "dimensionOrder": "numeric" }] }""", rows), Is.EqualTo(new[] { "0:y:3", "0:z:4", "0:x:2", "0:w:1" }));
        });
    }

    [Test]
    public void LaterColumns_BreakTies_AndEqualRowsKeepTheirOrder()
    {
        ResultRow[] rows = [R(0, "a", 1.0, "1"), R(0, "b", 1.0, "2"), R(0, "c", 5.0, "2"), R(0, "d", 1.0, "1")];

        Assert.That(Apply("""{ "columns": [{ "dimension": "data_transfer", "direction": "descending" }, "code"] }""", rows),
            Is.EqualTo(new[] { "0:c:5", "0:a:1", "0:d:1", "0:b:1" }));
    }

    [Test]
    public void UnknownColumn_IsRejectedNamingIt() =>
        Assert.That(() => Read<LimitSpec>("""{ "columns": ["device"] }""").Apply([], Columns, false),
            Throws.ArgumentException.With.Message.EqualTo("limitSpec column 'device' is not a dimension, aggregator or post-aggregator of the query."));
}
