using Realtime.Core.Sql;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class NumericFunctionsTests
{
    [Test]
    public void AbsFloorCeilKeepIntegers()
    {
        Assert.That(Call("ABS", L(-3)), Is.EqualTo(3L));
        Assert.That(Call("ABS", D(-2.5)), Is.EqualTo(2.5));
        Assert.That(Call("FLOOR", D(-2.5)), Is.EqualTo(-3.0));
        Assert.That(Call("CEIL", D(2.1)), Is.EqualTo(3.0));
        Assert.That(Call("CEILING", L(7)), Is.EqualTo(7L));
        Assert.That(Bind("FLOOR", Utc, L(7)).Type, Is.EqualTo(SqlColumnType.Bigint));
        Assert.That(Call("ABS", V(SqlColumnType.Double, null)), Is.Null);
    }

    [Test]
    public void RoundHalvesAwayFromZero()
    {
        Assert.That(Call("ROUND", D(2.5)), Is.EqualTo(3.0));
        Assert.That(Call("ROUND", D(-2.5)), Is.EqualTo(-3.0));
        Assert.That(Call("ROUND", D(2.675), L(2)), Is.EqualTo(2.68));
        Assert.That(Call("ROUND", D(1234.5), L(-2)), Is.EqualTo(1200.0));
        Assert.That(Call("ROUND", L(1250), L(-2)), Is.EqualTo(1300L));
        Assert.That(Call("ROUND", L(1249), L(-2)), Is.EqualTo(1200L));
        Assert.That(Call("ROUND", L(17)), Is.EqualTo(17L));
        Assert.That(Call("ROUND", D(double.NaN)), Is.NaN);
    }

    [Test]
    public void TruncateCutsTowardZero()
    {
        Assert.That(Call("TRUNCATE", D(-1.789), L(1)), Is.EqualTo(-1.7));
        Assert.That(Call("TRUNC", D(1.789)), Is.EqualTo(1.0));
        Assert.That(Call("TRUNCATE", L(1789), L(-2)), Is.EqualTo(1700L));
    }

    [Test]
    public void ModDivAndSafeDivide()
    {
        Assert.That(Call("MOD", L(7), L(3)), Is.EqualTo(1L));
        Assert.That(Call("MOD", L(-7), L(3)), Is.EqualTo(-1L));
        Assert.That(Call("MOD", L(7), L(0)), Is.Null);
        Assert.That(Call("MOD", D(7.5), L(2)), Is.EqualTo(1.5));
        Assert.That(Call("DIV", L(7), L(2)), Is.EqualTo(3L));
        Assert.That(Call("DIV", D(-7.9), L(2)), Is.EqualTo(-3L));
        Assert.That(Call("DIV", L(7), L(0)), Is.Null);
        Assert.That(Call("SAFE_DIVIDE", D(1), D(0)), Is.Null);
        Assert.That(Call("SAFE_DIVIDE", L(7), L(2)), Is.EqualTo(3L));
        Assert.That(Call("SAFE_DIVIDE", D(7), L(2)), Is.EqualTo(3.5));
    }

    [Test]
    public void DoubleFunctions()
    {
        Assert.That(Call("POWER", L(2), L(10)), Is.EqualTo(1024.0));
        Assert.That(Call("SQRT", D(16)), Is.EqualTo(4.0));
        Assert.That(Call("EXP", L(0)), Is.EqualTo(1.0));
        Assert.That(Call("LN", D(Math.E)), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(Call("LOG10", L(1000)), Is.EqualTo(3.0).Within(1e-12));
        Assert.That(Call("PI"), Is.EqualTo(Math.PI));
        Assert.That(Bind("SQRT", Utc, L(4)).Type, Is.EqualTo(SqlColumnType.Double));
        Assert.That(Call("POWER", L(2), V(SqlColumnType.Bigint, null)), Is.Null);
    }

    [Test]
    public void GreatestAndLeastSkipNulls()
    {
        Assert.That(Call("GREATEST", L(1), D(2.5), V(SqlColumnType.Bigint, null)), Is.EqualTo(2.5));
        Assert.That(Bind("GREATEST", Utc, L(1), D(2.5)).Type, Is.EqualTo(SqlColumnType.Double));
        Assert.That(Call("LEAST", L(3), L(-1), L(2)), Is.EqualTo(-1L));
        Assert.That(Call("LEAST", V(SqlColumnType.Bigint, null), V(SqlColumnType.Bigint, null)), Is.Null);
        Assert.That(Call("GREATEST", Text("a"), L(10)), Is.EqualTo("a"));
        Assert.That(Call("LEAST", Text("a"), L(10)), Is.EqualTo("10"));
        Assert.That(Call("GREATEST", T("2000-01-01T00:00:00Z"), T("2001-01-01T00:00:00Z")), Is.EqualTo(Ms("2001-01-01T00:00:00Z")));
    }

    [Test]
    public void NumbersAreRequired()
    {
        var text = Text("1");
        var e = BindError("SQRT", text);
        Assert.That(e.Message, Does.Contain("Function 'SQRT' argument 1 (number) must be a number; got VARCHAR"));
        Assert.That(e.Position, Is.EqualTo(text.Operand.Position));
        Assert.That(BindError("ROUND", D(1), D(1.5)).Message, Does.Contain("argument 2 (digits) must be an integer; got DOUBLE"));
        Assert.That(BindError("ABS", L(1), L(2)).Message, Does.Contain("Function 'ABS' takes 1 argument; got 2"));
        Assert.That(BindError("NO_SUCH_FN", L(1)).Message, Does.Contain("NO_SUCH_FN(<BIGINT>)"));
    }
}
