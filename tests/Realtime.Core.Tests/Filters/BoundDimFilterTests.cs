using static Realtime.Core.Tests.Filters.FilterRows;

namespace Realtime.Core.Tests.Filters;

public class BoundDimFilterTests
{
    // The examples of Druid's filters.md.
    private const string Between21And31 = """{"type": "bound", "dimension": "age", "lower": "21", "upper": "31", "ordering": "numeric"}""";
    private const string FooToHoo = """{"type": "bound", "dimension": "name", "lower": "foo", "upper": "hoo"}""";
    private const string StrictlyBetween = """{"type": "bound", "dimension": "age", "lower": "21", "lowerStrict": true, "upper": "31", "upperStrict": true, "ordering": "numeric"}""";
    private const string Below31 = """{"type": "bound", "dimension": "age", "upper": "31", "upperStrict": true, "ordering": "numeric"}""";
    private const string From18 = """{"type": "bound", "dimension": "age", "lower": "18", "ordering": "numeric"}""";

    [TestCase("21", true)]
    [TestCase("31", true)]
    [TestCase("25", true)]
    [TestCase("100", false)]
    [TestCase("3", false)]
    [TestCase("21.0", true)]
    public void NumericOrderingComparesTextByValue(string age, bool expected)
    {
        Assert.That(Matches(Between21And31, Row(("age", age))), Is.EqualTo(expected));
    }

    [TestCase(21L, false)]
    [TestCase(22L, true)]
    [TestCase(30.5, true)]
    [TestCase(31L, false)]
    public void StrictBoundsExcludeTheBoundsForNumericFields(object age, bool expected)
    {
        Assert.That(Matches(StrictlyBetween, Row(("age", age))), Is.EqualTo(expected));
    }

    [Test]
    public void OneSidedBounds()
    {
        Assert.That(Matches(Below31, Row(("age", 30L))), Is.True);
        Assert.That(Matches(Below31, Row(("age", 31L))), Is.False);
        Assert.That(Matches(From18, Row(("age", 18L))), Is.True);
        Assert.That(Matches(From18, Row(("age", 17.9))), Is.False);
    }

    [TestCase("foo", true)]
    [TestCase("goo", true)]
    [TestCase("hoo", true)]
    [TestCase("hoop", false)]
    [TestCase("Goo", false)]
    public void LexicographicIsTheDefault(string name, bool expected)
    {
        Assert.That(Matches(FooToHoo, Row(("name", name))), Is.EqualTo(expected));
    }

    [Test]
    public void LexicographicOrderingOfANumericFieldComparesItsText()
    {
        const string filter = """{"type": "bound", "dimension": "n", "lower": "2", "upper": "3"}""";

        Assert.That(Matches(filter, Row(("n", 10L))), Is.False, "\"10\" < \"2\"");
        Assert.That(Matches(filter, Row(("n", 25L))), Is.True, "\"2\" < \"25\" < \"3\"");
    }

    [Test]
    public void NumericOrderingPutsTextThatIsNotANumberFirst()
    {
        Assert.That(Matches(Below31, Row(("age", "unknown"))), Is.True);
        Assert.That(Matches(From18, Row(("age", "unknown"))), Is.False);
    }

    [Test]
    public void NullMatchesOnlyWhenTheLowerBoundAllowsIt()
    {
        Assert.That(Matches(Below31, Row()), Is.True);
        Assert.That(Matches(From18, Row()), Is.False);
        Assert.That(Matches("""{"type": "bound", "dimension": "d", "lower": "", "upper": "b"}""", Row()), Is.True);
        Assert.That(Matches("""{"type": "bound", "dimension": "d", "lower": "", "lowerStrict": true, "upper": "b"}""", Row()), Is.False);
    }

    [Test]
    public void MultiValueFieldsMatchWhenAnyValueIsInRange()
    {
        Assert.That(Matches(FooToHoo, Row(("name", new string?[] { "a", "gap" }))), Is.True);
        Assert.That(Matches(FooToHoo, Row(("name", new string?[] { "a", "z" }))), Is.False);
    }

    [Test]
    public void AlphanumericAndStrlenOrderings()
    {
        const string alphanumeric = """{"type": "bound", "dimension": "v", "lower": "file2", "upper": "file10", "ordering": {"type": "alphanumeric"}}""";
        const string strlen = """{"type": "bound", "dimension": "v", "lower": "aaa", "upper": "zzzz", "ordering": "strlen"}""";

        Assert.That(Matches(alphanumeric, Row(("v", "file9"))), Is.True);
        Assert.That(Matches(alphanumeric, Row(("v", "file11"))), Is.False);
        Assert.That(Matches(strlen, Row(("v", "zz"))), Is.False);
        Assert.That(Matches(strlen, Row(("v", "bbbb"))), Is.True);
        Assert.That(Matches(strlen, Row(("v", "zzzzz"))), Is.False);
    }

    [Test]
    public void LegacyAlphaNumericFlag()
    {
        Assert.That(Matches("""{"type": "bound", "dimension": "v", "upper": "a10", "alphaNumeric": true}""", Row(("v", "a9"))), Is.True);
    }

    [Test]
    public void TheTimestampColumnIsNumeric()
    {
        const string filter = """{"type": "bound", "dimension": "__time", "lower": "1000", "upper": "2000", "upperStrict": true, "ordering": "numeric"}""";

        Assert.That(Matches(filter, Row(1500)), Is.True);
        Assert.That(Matches(filter, Row(2000)), Is.False);
    }

    [Test]
    public void LongValuesBeyondDoublePrecisionCompareExactly()
    {
        const string filter = """{"type": "bound", "dimension": "n", "lower": "9007199254740993", "ordering": "numeric"}""";

        Assert.That(Matches(filter, Row(("n", 9007199254740992L))), Is.False);
        Assert.That(Matches(filter, Row(("n", 9007199254740993L))), Is.True);
    }

    [Test]
    public void ABoundNeedsLowerOrUpper()
    {
        Assert.That(() => Filter("""{"type": "bound", "dimension": "d"}""").CreateRowMatcher(), Throws.ArgumentException.With.Message.Contains("bound.lower or bound.upper"));
    }

    [Test]
    public void UnknownOrderingIsASpecError()
    {
        Assert.That(() => Filter("""{"type": "bound", "dimension": "d", "lower": "a", "ordering": "version"}"""),
            Throws.TypeOf<Core.Components.SpecException>().With.Message.Contains("Ordering 'version' is not one of"));
    }
}
