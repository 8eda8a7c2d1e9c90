using Realtime.Core.Sql;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class MultiValueFunctionsTests
{
    private static readonly string?[] Tags = ["a", "b", "c"];

    [Test]
    public void ContainsNeedsEveryValue()
    {
        Assert.That(Call("MV_CONTAINS", Text(Tags), S("b")), Is.EqualTo(true));
        Assert.That(Call("MV_CONTAINS", Text(Tags), S("z")), Is.EqualTo(false));
        Assert.That(Call("MV_CONTAINS", Text(Tags), V(SqlColumnType.Array, new object?[] { "a", "c" })), Is.EqualTo(true));
        Assert.That(Call("MV_CONTAINS", Text(Tags), V(SqlColumnType.Array, new object?[] { "a", "z" })), Is.EqualTo(false));
    }

    [Test]
    public void PlainStringsAreOneElementAndNullIsEmpty()
    {
        Assert.That(Call("MV_CONTAINS", Text("a"), S("a")), Is.EqualTo(true));
        Assert.That(Call("MV_CONTAINS", Text(null), S("a")), Is.EqualTo(false));
        Assert.That(Call("MV_CONTAINS", Text("a"), Text(null)), Is.Null);
        Assert.That(Call("MV_LENGTH", Text("a")), Is.EqualTo(1L));
        Assert.That(Call("MV_LENGTH", Text(Tags)), Is.EqualTo(3L));
        Assert.That(Call("MV_LENGTH", Text(null)), Is.Null);
    }

    [Test]
    public void OverlapNeedsAnyValue()
    {
        Assert.That(Call("MV_OVERLAP", Text(Tags), V(SqlColumnType.Array, new object?[] { "z", "c" })), Is.EqualTo(true));
        Assert.That(Call("MV_OVERLAP", Text(Tags), V(SqlColumnType.Array, new object?[] { "y", "z" })), Is.EqualTo(false));
        Assert.That(Call("MV_OVERLAP", Text(Tags), Text(new string?[] { "c" })), Is.EqualTo(true));
    }

    [Test]
    public void NumbersCompareByText() =>
        Assert.That(Call("MV_CONTAINS", Text(new string?[] { "1", "2" }), L(2)), Is.EqualTo(true));

    [Test]
    public void ElementsByOffsetAndOrdinal()
    {
        Assert.That(Call("MV_OFFSET", Text(Tags), L(0)), Is.EqualTo("a"));
        Assert.That(Call("MV_ORDINAL", Text(Tags), L(3)), Is.EqualTo("c"));
        Assert.That(Call("MV_ORDINAL", Text(Tags), L(0)), Is.Null);
        Assert.That(Call("MV_OFFSET", Text(Tags), L(3)), Is.Null);
    }

    [Test]
    public void ToArrayAndToString()
    {
        Assert.That(Call("MV_TO_ARRAY", Text(Tags)), Is.EqualTo(new object?[] { "a", "b", "c" }));
        Assert.That(Call("MV_TO_ARRAY", Text("x")), Is.EqualTo(new object?[] { "x" }));
        Assert.That(Call("MV_TO_ARRAY", Text(null)), Is.Null);
        Assert.That(Bind("MV_TO_ARRAY", Utc, Text(Tags)).Type, Is.EqualTo(SqlColumnType.Array));
        Assert.That(Call("MV_TO_STRING", Text(Tags), S("|")), Is.EqualTo("a|b|c"));
    }

    [Test]
    public void NumbersAreNotMultiValues() =>
        Assert.That(BindError("MV_LENGTH", L(1)).Message, Does.Contain("Function 'MV_LENGTH' argument 1 (multi-value) must be a multi-value VARCHAR or ARRAY; got BIGINT"));
}
