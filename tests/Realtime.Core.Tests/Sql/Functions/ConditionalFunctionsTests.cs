using Realtime.Core.Sql;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class ConditionalFunctionsTests
{
    [Test]
    public void CoalesceTakesTheFirstNonNullInTheCommonType()
    {
        Assert.That(Call("COALESCE", V(SqlColumnType.Bigint, null), L(2), D(3.5)), Is.EqualTo(2.0));
        Assert.That(Bind("COALESCE", Utc, L(1), D(3.5)).Type, Is.EqualTo(SqlColumnType.Double));
        Assert.That(Call("COALESCE", Text(""), S("x")), Is.EqualTo(""));
        Assert.That(Call("COALESCE", Null(), V(SqlColumnType.Bigint, null)), Is.Null);
        Assert.That(Bind("COALESCE", Utc, Null(), L(1)).Type, Is.EqualTo(SqlColumnType.Bigint));
    }

    [Test]
    public void NvlAndIfNullTakeTwo()
    {
        Assert.That(Call("NVL", Text(null), S("d")), Is.EqualTo("d"));
        Assert.That(Call("IFNULL", Text("v"), S("d")), Is.EqualTo("v"));
        Assert.That(BindError("NVL", Text("v")).Message, Does.Contain("Function 'NVL' takes 2 arguments; got 1"));
    }

    [Test]
    public void CoalesceOfTextAndNumberIsAnError()
    {
        var number = L(1);
        var e = BindError("COALESCE", Text("a"), number);
        Assert.That(e.Message, Does.Contain("COALESCE").And.Contain("VARCHAR").And.Contain("BIGINT"));
        Assert.That(e.Position, Is.EqualTo(number.Operand.Position));
    }

    [Test]
    public void NullIfGivesNullOnEquality()
    {
        Assert.That(Call("NULLIF", Text("a"), S("a")), Is.Null);
        Assert.That(Call("NULLIF", Text("a"), S("b")), Is.EqualTo("a"));
        Assert.That(Call("NULLIF", L(1), D(1.0)), Is.Null);
        Assert.That(Call("NULLIF", L(1), Null()), Is.EqualTo(1L));
        Assert.That(BindError("NULLIF", C(SqlColumnType.Boolean, true), S("true")).Message, Does.Contain("Cannot compare BOOLEAN with VARCHAR"));
    }
}
