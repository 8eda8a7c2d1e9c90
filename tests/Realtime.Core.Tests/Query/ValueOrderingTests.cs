using Realtime.Core.Query;

namespace Realtime.Core.Tests.Query;

public class ValueOrderingTests
{
    [Test]
    public void Natural_NullThenNumbersThenText()
    {
        object?[] values = ["b", 10L, null, "a", 9.5, "10"];

        Assert.That(values.Order(ValueOrdering.Natural).ToArray(), Is.EqualTo(new object?[] { null, 9.5, 10L, "10", "a", "b" }));
    }

    [Test]
    public void FromName_KnowsNullAndNumericFirstOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ValueOrdering.FromName(null), Is.SameAs(ValueOrdering.Natural));
            Assert.That(ValueOrdering.FromName("numericFirst"), Is.SameAs(ValueOrdering.NumericFirst));
            Assert.That(ValueOrdering.FromName("lexicographic"), Is.Null);
        });
    }
}
