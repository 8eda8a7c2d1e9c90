using Realtime.Core.Values;

namespace Realtime.Core.Tests.Values;

public class StringOrderingTests
{
    private static string[] Sorted(StringOrdering ordering, params string?[] values) => values.Order(ordering).Select(v => v ?? "<null>").ToArray();

    [Test]
    public void LexicographicComparesCodeUnits()
    {
        Assert.That(Sorted(StringOrdering.Lexicographic, "b", "B", "a", "10", "9", null), Is.EqualTo(new[] { "<null>", "10", "9", "B", "a", "b" }));
    }

    [Test]
    public void AlphanumericComparesDigitRunsByValue()
    {
        Assert.That(Sorted(StringOrdering.Alphanumeric, "file10", "file9", "File2", "file", "1a", "", "file010"),
            Is.EqualTo(new[] { "", "1a", "file", "File2", "file9", "file10", "file010" }));
    }

    [Test]
    public void NumericPutsNonNumbersFirstThenNumbersByValue()
    {
        Assert.That(Sorted(StringOrdering.Numeric, "10", "9", "-1.5", "abc", "1e3", "2.50", "Abc"),
            Is.EqualTo(new[] { "Abc", "abc", "-1.5", "2.50", "9", "10", "1e3" }));
    }

    [Test]
    public void StrlenComparesLengthFirst()
    {
        Assert.That(Sorted(StringOrdering.Strlen, "ccc", "bb", "a", "aa"), Is.EqualTo(new[] { "a", "aa", "bb", "ccc" }));
    }
}
