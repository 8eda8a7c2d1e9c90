using Realtime.Core.Sql;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class TextFunctionsTests
{
    [Test]
    public void CaseAndReverse()
    {
        Assert.That(Call("LOWER", Text("HeLLo")), Is.EqualTo("hello"));
        Assert.That(Call("UPPER", Text("HeLLo")), Is.EqualTo("HELLO"));
        Assert.That(Call("REVERSE", Text("abc")), Is.EqualTo("cba"));
        Assert.That(Call("REVERSE", Text("a\U0001F600b")), Is.EqualTo("b\U0001F600a"));
        Assert.That(Call("LOWER", Text(null)), Is.Null);
        Assert.That(Call("LOWER", Text("")), Is.EqualTo(""));
    }

    [Test]
    public void TextFunctionsMapOverMultiValues() =>
        Assert.That(Call("UPPER", Text(new string?[] { "a", null, "b" })), Is.EqualTo(new string?[] { "A", null, "B" }));

    [Test]
    public void ConcatIsNullWhenAnyArgumentIsNullAndPrintsNumbers()
    {
        Assert.That(Call("CONCAT", Text("a"), L(1), D(2.5), Text("")), Is.EqualTo("a12.5"));
        Assert.That(Call("CONCAT", Text("a"), Text(null), Text("b")), Is.Null);
        Assert.That(Call("TEXTCAT", Text("a"), Text("b")), Is.EqualTo("ab"));
        Assert.That(Call("CONCAT", Text("x"), T("2000-01-02T03:04:05Z")), Is.EqualTo("x2000-01-02 03:04:05"));
        Assert.That(BindError("TEXTCAT", Text("a")).Message, Does.Contain("TEXTCAT").And.Contain("takes 2 arguments; got 1"));
    }

    [Test]
    public void SubstringCountsFromOne()
    {
        Assert.That(Call("SUBSTRING", Text("abcdef"), L(2), L(3)), Is.EqualTo("bcd"));
        Assert.That(Call("SUBSTR", Text("abcdef"), L(3)), Is.EqualTo("cdef"));
        Assert.That(Call("SUBSTRING", Text("abcdef"), L(0), L(3)), Is.EqualTo("ab"));
        Assert.That(Call("SUBSTRING", Text("abc"), L(10)), Is.EqualTo(""));
        Assert.That(Call("SUBSTRING", Text("abc"), L(1), L(-1)), Is.Null);
        Assert.That(Call("SUBSTRING", Text("abc"), V(SqlColumnType.Bigint, null)), Is.Null);
    }

    [Test]
    public void LeftRightRepeat()
    {
        Assert.That(Call("LEFT", Text("abcdef"), L(2)), Is.EqualTo("ab"));
        Assert.That(Call("LEFT", Text("ab"), L(5)), Is.EqualTo("ab"));
        Assert.That(Call("RIGHT", Text("abcdef"), L(2)), Is.EqualTo("ef"));
        Assert.That(Call("REPEAT", Text("ab"), L(3)), Is.EqualTo("ababab"));
        Assert.That(Call("REPEAT", Text("ab"), L(0)), Is.EqualTo(""));
        Assert.That(Call("LEFT", Text("ab"), L(-1)), Is.Null);
    }

    [Test]
    public void TrimFunctions()
    {
        Assert.That(Call("TRIM", Text("  a b  ")), Is.EqualTo("a b"));
        Assert.That(Call("BTRIM", Text("xxaxx"), S("x")), Is.EqualTo("a"));
        Assert.That(Call("LTRIM", Text("xyaxy"), S("yx")), Is.EqualTo("axy"));
        Assert.That(Call("RTRIM", Text("  a  ")), Is.EqualTo("  a"));
        Assert.That(Call("BTRIM", Text("xax"), Text(null)), Is.Null);
    }

    [Test]
    public void LengthCountsUtf16Units()
    {
        Assert.That(Call("LENGTH", Text("héllo")), Is.EqualTo(5L));
        Assert.That(Call("CHAR_LENGTH", Text("")), Is.EqualTo(0L));
        Assert.That(Call("STRLEN", Text("\U0001F600")), Is.EqualTo(2L));
        Assert.That(Call("CHARACTER_LENGTH", Text(null)), Is.Null);
        Assert.That(Bind("LENGTH", Utc, Text("a")).Type, Is.EqualTo(SqlColumnType.Bigint));
    }

    [Test]
    public void PadToALength()
    {
        Assert.That(Call("LPAD", Text("abc"), L(6), S("xy")), Is.EqualTo("xyxabc"));
        Assert.That(Call("RPAD", Text("abc"), L(6), S("xy")), Is.EqualTo("abcxyx"));
        Assert.That(Call("LPAD", Text("abc"), L(5)), Is.EqualTo("  abc"));
        Assert.That(Call("LPAD", Text("abcdef"), L(3), S("x")), Is.EqualTo("abc"));
        Assert.That(Call("RPAD", Text("abc"), L(5), S("")), Is.EqualTo("abc"));
        Assert.That(Call("RPAD", Text("abc"), L(5), Text(null)), Is.Null);
    }

    [Test]
    public void ReplaceAndPositions()
    {
        Assert.That(Call("REPLACE", Text("banana"), S("an"), S("AN")), Is.EqualTo("bANANa"));
        Assert.That(Call("REPLACE", Text("banana"), S(""), S("x")), Is.EqualTo("banana"));
        Assert.That(Call("STRPOS", Text("banana"), S("na")), Is.EqualTo(3L));
        Assert.That(Call("STRPOS", Text("banana"), S("x")), Is.EqualTo(0L));
        Assert.That(Call("POSITION", S("na"), Text("banana")), Is.EqualTo(3L));
        Assert.That(Call("POSITION", S("na"), Text("banana"), L(4)), Is.EqualTo(5L));
        Assert.That(Call("POSITION", S("na"), Text(null)), Is.Null);
    }

    [Test]
    public void ContainsString()
    {
        Assert.That(Call("CONTAINS_STRING", Text("Druid"), S("ui")), Is.EqualTo(true));
        Assert.That(Call("CONTAINS_STRING", Text("Druid"), S("UI")), Is.EqualTo(false));
        Assert.That(Call("ICONTAINS_STRING", Text("Druid"), S("UI")), Is.EqualTo(true));
        Assert.That(Call("CONTAINS_STRING", Text(new string?[] { "x", "Druid" }), S("ui")), Is.EqualTo(true));
    }

    [Test]
    public void RegularExpressions()
    {
        Assert.That(Call("REGEXP_EXTRACT", Text("foo123bar"), S("[0-9]+")), Is.EqualTo("123"));
        Assert.That(Call("REGEXP_EXTRACT", Text("foo123bar"), S("([a-z]+)([0-9]+)"), L(2)), Is.EqualTo("123"));
        Assert.That(Call("REGEXP_EXTRACT", Text("foobar"), S("[0-9]+")), Is.Null);
        Assert.That(Call("REGEXP_LIKE", Text("foo123"), S("^f.o")), Is.EqualTo(true));
        Assert.That(Call("REGEXP_LIKE", Text("foo123"), S("^o")), Is.EqualTo(false));
        Assert.That(Call("REGEXP_REPLACE", Text("a1b22"), S("([0-9]+)"), S("<$1>")), Is.EqualTo("a<1>b<22>"));

        var pattern = S("([a-z");
        var e = BindError("REGEXP_LIKE", Text("x"), pattern);
        Assert.That(e.Message, Does.Contain("REGEXP_LIKE").And.Contain("argument 2 (pattern)"));
        Assert.That(e.Position, Is.EqualTo(pattern.Operand.Position));
        Assert.That(BindError("REGEXP_EXTRACT", Text("x"), S("(a)"), L(2)).Message, Does.Contain("no group 2"));
    }

    [Test]
    public void LookupSaysNoLookupsAreRegistered()
    {
        var e = BindError("LOOKUP", Text("k"), S("country_names"));
        Assert.That(e.Message, Does.Contain("LOOKUP").And.Contain("[country_names] not found").And.Contain("no lookups are registered"));
    }

    [Test]
    public void ArraysAreNotText()
    {
        var array = V(SqlColumnType.Array, new object?[] { "a" });
        Assert.That(BindError("LOWER", array).Message, Does.Contain("Function 'LOWER' argument 1 (text) must be VARCHAR; got ARRAY"));
    }
}
