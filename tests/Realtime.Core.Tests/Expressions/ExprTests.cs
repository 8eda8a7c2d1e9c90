using Realtime.Core.Expressions;

namespace Realtime.Core.Tests.Expressions;

public class ExprTests
{
    private sealed class Bindings(Dictionary<string, object?> values) : IExpressionBindings
    {
        public ExprValue Get(string name) => ExprValue.FromObject(values.GetValueOrDefault(name));
    }

    private static readonly Bindings Row = new(new Dictionary<string, object?>
    {
        ["x"] = 7L,
        ["y"] = 2L,
        ["d"] = 1.5,
        ["s"] = "Hello",
        ["n"] = "12",
        ["empty"] = "",
        ["flag"] = true,
        ["tags"] = new string?[] { "a", "b" },
        ["one"] = new string?[] { "only" },
        ["weird name"] = 3L,
        ["t"] = 1377910953123L,
    });

    private static object? Eval(string expression) => Expr.Parse(expression).Evaluate(Row).ToObject();

    [TestCase("1", 1L)]
    [TestCase("1.", 1.0)]
    [TestCase("2.5", 2.5)]
    [TestCase("1.5e2", 150.0)]
    [TestCase("'text'", "text")]
    [TestCase("'it\\'s'", "it's")]
    [TestCase("-3", -3L)]
    [TestCase("null", null)]
    public void Literals(string expression, object? expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("x", 7L)]
    [TestCase("d", 1.5)]
    [TestCase("s", "Hello")]
    [TestCase("missing", null)]
    [TestCase("\"weird name\"", 3L)]
    [TestCase("flag", "true")]
    [TestCase("one", "only")]
    [TestCase("tags", "[a, b]")]
    public void Identifiers(string expression, object? expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("x + y", 9L)]
    [TestCase("x - y", 5L)]
    [TestCase("x * y", 14L)]
    [TestCase("x / y", 3L)]
    [TestCase("x % y", 1L)]
    [TestCase("x ^ y", 49L)]
    [TestCase("2 ^ 3 ^ 2", 512L)]
    [TestCase("-2 ^ 2", 4L)]
    [TestCase("x + d", 8.5)]
    [TestCase("x / 2.0", 3.5)]
    [TestCase("d * 2", 3.0)]
    [TestCase("7.5 % 2", 1.5)]
    [TestCase("2.0 ^ 0.5", 1.4142135623730951)]
    [TestCase("x / 0.0", double.PositiveInfinity)]
    [TestCase("n + 1", 13.0)]
    [TestCase("missing + 1", 1.0)]
    [TestCase("1 + 2 * 3", 7L)]
    [TestCase("(1 + 2) * 3", 9L)]
    [TestCase("10 - 4 - 3", 3L)]
    [TestCase("-x", -7L)]
    [TestCase("-d", -1.5)]
    [TestCase("- (x + 1)", -8L)]
    public void Arithmetic(string expression, object expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("s + ' world'", "Hello world")]
    [TestCase("'a' + missing", "a")]
    [TestCase("'b' > 'a'", 1L)]
    [TestCase("'B' < 'a'", 1L)]
    [TestCase("s == 'Hello'", 1L)]
    [TestCase("s != 'Hello'", 0L)]
    public void Strings(string expression, object expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("x > y", 1L)]
    [TestCase("x < y", 0L)]
    [TestCase("x >= 7", 1L)]
    [TestCase("x <= 6", 0L)]
    [TestCase("x == 7", 1L)]
    [TestCase("x != 7", 0L)]
    [TestCase("d > 1", 1.0)]
    [TestCase("d == 1.5", 1.0)]
    [TestCase("1 < 2 == 1", 1L)]
    public void Comparisons(string expression, object expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("x > 1 && y > 1", 1L)]
    [TestCase("x > 1 && y > 5", 0L)]
    [TestCase("x > 10 || y > 1", 1L)]
    [TestCase("0 || 0", 0L)]
    [TestCase("x && y", 2L)]
    [TestCase("0 && missingFunctionIsNotEvaluated", 0L)]
    [TestCase("!x", 0L)]
    [TestCase("!0", 1L)]
    [TestCase("!-1", 1L)]
    [TestCase("!d", 0.0)]
    [TestCase("!flag", 0L)]
    [TestCase("!s", 1L)]
    [TestCase("x > 1 && !(y > 1) || 1", 1L)]
    public void Logic(string expression, object expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("concat(s, ' ', x, ' ', d)", "Hello 7 1.5")]
    [TestCase("concat(missing, 'x')", "x")]
    [TestCase("lower(s)", "hello")]
    [TestCase("upper(s)", "HELLO")]
    [TestCase("lower(missing)", null)]
    [TestCase("substring(s, 1, 3)", "ell")]
    [TestCase("substring(s, 1, -1)", "ello")]
    [TestCase("substring(s, 3, 10)", "lo")]
    [TestCase("substring(s, 9, 1)", "")]
    [TestCase("strlen(s)", 5L)]
    [TestCase("strlen(missing)", 0L)]
    [TestCase("if(x > 5, 'big', 'small')", "big")]
    [TestCase("if(x > 50, 'big', 'small')", "small")]
    [TestCase("case_searched(x > 10, 'a', x > 5, 'b', 'c')", "b")]
    [TestCase("case_searched(x > 10, 'a', x > 50, 'b', 'c')", "c")]
    [TestCase("case_searched(x > 10, 'a')", null)]
    [TestCase("case_simple(x, 1, 'one', 7, 'seven', 'other')", "seven")]
    [TestCase("case_simple(s, 'Bye', 1, 'Hello', 2)", 2L)]
    [TestCase("case_simple(x, 1, 'one', 'other')", "other")]
    [TestCase("case_simple(x, 1, 'one')", null)]
    [TestCase("nvl(missing, 'fallback')", "fallback")]
    [TestCase("nvl(empty, 'fallback')", "fallback")]
    [TestCase("nvl(s, 'fallback')", "Hello")]
    [TestCase("cast(n, 'LONG')", 12L)]
    [TestCase("cast(n, 'double')", 12.0)]
    [TestCase("cast(s, 'LONG')", null)]
    [TestCase("cast(d, 'LONG')", 1L)]
    [TestCase("cast(x, 'STRING')", "7")]
    [TestCase("cast(x, 'DOUBLE') / 2", 3.5)]
    [TestCase("abs(-5)", 5L)]
    [TestCase("abs(0 - d)", 1.5)]
    [TestCase("floor(d)", 1.0)]
    [TestCase("floor(0 - d)", -2.0)]
    [TestCase("ceil(d)", 2.0)]
    [TestCase("round(d)", 2L)]
    [TestCase("round(2.4)", 2L)]
    [TestCase("round(-2.5)", -2L)]
    [TestCase("round(x)", 7L)]
    [TestCase("CONCAT('a', 'b')", "ab")]
    public void Functions(string expression, object? expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [TestCase("timestamp('2013-08-31T01:02:33Z')", 1377910953000L)]
    [TestCase("timestamp('2013-08-31 01:02:33')", 1377910953000L)]
    [TestCase("timestamp('31/08/2013 01:02', 'dd/MM/yyyy HH:mm')", 1377910920000L)]
    [TestCase("timestamp(missing)", null)]
    [TestCase("timestamp_floor(t, 'PT1H')", 1377910800000L)]
    [TestCase("timestamp_floor(t, 'P1D')", 1377907200000L)]
    [TestCase("timestamp_floor(t, 'P1D', null, 'America/Los_Angeles')", 1377846000000L)]
    [TestCase("timestamp_floor(t, 'PT1H', 1800000)", 1377909000000L)]
    [TestCase("timestamp_floor(t, 'PT1H', '1970-01-01T00:30:00Z')", 1377909000000L)]
    [TestCase("timestamp_floor(t, 'P1M')", 1375315200000L)]
    [TestCase("timestamp_floor(timestamp('2013-08-31T01:02:33Z'), 'PT15M')", 1377910800000L)]
    public void TimeFunctions(string expression, object? expected)
    {
        Assert.That(Eval(expression), Is.EqualTo(expected));
    }

    [Test]
    public void ReportsTheIdentifiersItReads()
    {
        Assert.That(Expr.Parse("concat(a, \"b c\") + if(x > 1, y, 'z')").RequiredColumns, Is.EqualTo(new[] { "a", "b c", "x", "y" }));
    }

    [TestCase("1 +", 3, "unexpected end of expression")]
    [TestCase("(1 + 2", 6, "expected ')' but the expression ended")]
    [TestCase("1 + * 2", 4, "unexpected '*'")]
    [TestCase("1 2", 2, "unexpected '2'")]
    [TestCase("'open", 0, "unterminated string")]
    [TestCase("foo(1)", 0, "unknown function 'foo'")]
    [TestCase("if(1, 2)", 0, "function 'if' takes 3 arguments, not 2")]
    [TestCase("x + cast(x, y)", 4, "cast(x, 'LONG' | 'DOUBLE' | 'STRING')")]
    [TestCase("cast(x, 'DATE')", 0, "cast to 'DATE' is not supported")]
    [TestCase("timestamp_floor(t, period)", 0, "the period must be a string literal")]
    [TestCase("timestamp_floor(t, 'P1X')", 0, "not an ISO-8601 period")]
    [TestCase("timestamp_floor(t, 'P1D', null, 'Nowhere/Land')", 0, "'Nowhere/Land' is not a known time zone")]
    [TestCase("timestamp(s, 'yyyy-DDD')", 0, "'DDD'")]
    [TestCase("99999999999999999999", 0, "too large for a long")]
    [TestCase("'a\\q'", 2, "invalid escape")]
    public void ParseErrorsNameTheExpressionAndPosition(string expression, int position, string problem)
    {
        var error = Assert.Throws<ExpressionException>(() => Expr.Parse(expression));

        Assert.That(error!.Position, Is.EqualTo(position));
        Assert.That(error.Message, Does.StartWith($"Cannot parse expression '{expression}' at position {position}:").And.Contain(problem));
    }

    [TestCase("x / 0", "division by zero")]
    [TestCase("x % 0", "modulo by zero")]
    [TestCase("s - 'x'", "'-' is not defined for two strings")]
    [TestCase("-s", "unary '-' is not defined")]
    [TestCase("timestamp(s)", "'Hello' is not a time")]
    public void EvaluationErrorsQuoteTheExpression(string expression, string problem)
    {
        var error = Assert.Throws<ExpressionException>(() => Expr.Parse(expression).Evaluate(Row));

        Assert.That(error!.Message, Does.StartWith($"Expression '{expression}' failed:").And.Contain(problem));
        Assert.That(error.Position, Is.Null);
    }

    [Test]
    public void LongArithmeticWrapsLikeJava()
    {
        Assert.That(Eval("9223372036854775807 + 1"), Is.EqualTo(long.MinValue));
        Assert.That(Eval("2 ^ 64"), Is.EqualTo(0L));
    }
}
