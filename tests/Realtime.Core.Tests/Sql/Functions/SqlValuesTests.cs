using Realtime.Core.Sql;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class SqlValuesTests
{
    private static readonly SqlPosition At = new(2, 5);

    [TestCase(SqlTypeName.Integer, SqlColumnType.Bigint)]
    [TestCase(SqlTypeName.Smallint, SqlColumnType.Bigint)]
    [TestCase(SqlTypeName.Tinyint, SqlColumnType.Bigint)]
    [TestCase(SqlTypeName.Bigint, SqlColumnType.Bigint)]
    [TestCase(SqlTypeName.Real, SqlColumnType.Float)]
    [TestCase(SqlTypeName.Float, SqlColumnType.Float)]
    [TestCase(SqlTypeName.Decimal, SqlColumnType.Double)]
    [TestCase(SqlTypeName.Double, SqlColumnType.Double)]
    [TestCase(SqlTypeName.Varchar, SqlColumnType.Varchar)]
    [TestCase(SqlTypeName.Boolean, SqlColumnType.Boolean)]
    [TestCase(SqlTypeName.Timestamp, SqlColumnType.Timestamp)]
    [TestCase(SqlTypeName.Date, SqlColumnType.Date)]
    public void TypeOfMapsSqlTypeNames(SqlTypeName name, SqlColumnType expected) => Assert.That(SqlValues.TypeOf(name), Is.EqualTo(expected));

    [TestCase(SqlColumnType.Bigint, SqlColumnType.Double, SqlColumnType.Double)]
    [TestCase(SqlColumnType.Bigint, SqlColumnType.Float, SqlColumnType.Double)]
    [TestCase(SqlColumnType.Float, SqlColumnType.Float, SqlColumnType.Float)]
    [TestCase(SqlColumnType.Boolean, SqlColumnType.Bigint, SqlColumnType.Bigint)]
    [TestCase(SqlColumnType.Date, SqlColumnType.Timestamp, SqlColumnType.Timestamp)]
    [TestCase(SqlColumnType.Varchar, SqlColumnType.Varchar, SqlColumnType.Varchar)]
    public void CommonTypeWidens(SqlColumnType a, SqlColumnType b, SqlColumnType expected)
    {
        Assert.That(SqlValues.CommonType(a, b, At, "CASE"), Is.EqualTo(expected));
        Assert.That(SqlValues.CommonType(b, a, At, "CASE"), Is.EqualTo(expected));
    }

    [Test]
    public void CommonTypeOfTextAndNumberNamesTheConstruct()
    {
        var e = Assert.Throws<SqlPlanningException>(() => SqlValues.CommonType(SqlColumnType.Varchar, SqlColumnType.Bigint, At, "UNION ALL column 2"))!;
        Assert.That(e.Message, Does.Contain("UNION ALL column 2").And.Contain("VARCHAR").And.Contain("BIGINT"));
        Assert.That(e.Position, Is.EqualTo(At));
    }

    [Test]
    public void ArithmeticTypes()
    {
        Assert.That(SqlValues.ArithmeticType(SqlBinaryOperator.Divide, SqlColumnType.Bigint, SqlColumnType.Bigint, At), Is.EqualTo(SqlColumnType.Bigint));
        Assert.That(SqlValues.ArithmeticType(SqlBinaryOperator.Add, SqlColumnType.Bigint, SqlColumnType.Float, At), Is.EqualTo(SqlColumnType.Double));
        var e = Assert.Throws<SqlPlanningException>(() => SqlValues.ArithmeticType(SqlBinaryOperator.Multiply, SqlColumnType.Varchar, SqlColumnType.Bigint, At))!;
        Assert.That(e.Message, Does.Contain("'*'").And.Contain("VARCHAR"));
        Assert.Throws<SqlPlanningException>(() => SqlValues.ArithmeticType(SqlBinaryOperator.Add, SqlColumnType.Timestamp, SqlColumnType.Bigint, At));
    }

    [Test]
    public void IntegerArithmeticTruncatesAndDivisionByZeroIsNull()
    {
        var bigint = SqlColumnType.Bigint;
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, bigint, 7L, 2L), Is.EqualTo(3L));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, bigint, -7L, 2L), Is.EqualTo(-3L));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Modulo, bigint, -7L, 2L), Is.EqualTo(-1L));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, bigint, 7L, 0L), Is.Null);
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Modulo, bigint, 7L, 0L), Is.Null);
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, bigint, long.MinValue, -1L), Is.EqualTo(long.MinValue));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Add, bigint, long.MaxValue, 1L), Is.EqualTo(long.MinValue));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Add, bigint, true, 1L), Is.EqualTo(2L));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Add, bigint, null, 1L), Is.Null);
    }

    [Test]
    public void DoubleArithmeticFollowsIeee()
    {
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, SqlColumnType.Double, 7L, 2.0), Is.EqualTo(3.5));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Divide, SqlColumnType.Double, 1.0, 0L), Is.EqualTo(double.PositiveInfinity));
        Assert.That(SqlValues.Arithmetic(SqlBinaryOperator.Subtract, SqlColumnType.Double, 0.5, 2L), Is.EqualTo(-1.5));
    }

    [Test]
    public void ConcatJoinsText()
    {
        Assert.That(SqlValues.Concat("a", "b"), Is.EqualTo("ab"));
        Assert.That(SqlValues.Concat("a", null), Is.Null);
        Assert.That(SqlValues.Concat("n=", 3L), Is.EqualTo("n=3"));
        Assert.That(SqlValues.Concat("x", 1.0), Is.EqualTo("x1.0"));
        Assert.That(SqlValues.Concat(new string?[] { "a", "b" }, "!"), Is.EqualTo(new string?[] { "a!", "b!" }));
    }

    [Test]
    public void ComparisonsUseThreeValuedLogic()
    {
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Bigint, 1L, SqlColumnType.Bigint, null), Is.Null);
        Assert.That(Compare(SqlBinaryOperator.NotEqual, SqlColumnType.Varchar, null, SqlColumnType.Varchar, "a"), Is.Null);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Bigint, 1L, SqlColumnType.Double, 1.0), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Less, SqlColumnType.Bigint, 2L, SqlColumnType.Double, 2.5), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Greater, SqlColumnType.Bigint, long.MaxValue, SqlColumnType.Double, 9.2233720368547758E18), Is.False);
        Assert.That(Compare(SqlBinaryOperator.Less, SqlColumnType.Varchar, "B", SqlColumnType.Varchar, "a"), Is.True);
        Assert.That(Compare(SqlBinaryOperator.GreaterOrEqual, SqlColumnType.Varchar, "", SqlColumnType.Varchar, ""), Is.True);
    }

    [Test]
    public void TextComparesWithNumbersAsANumber()
    {
        Assert.That(Compare(SqlBinaryOperator.Greater, SqlColumnType.Varchar, "10", SqlColumnType.Bigint, 9L), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Double, 1.5, SqlColumnType.Varchar, "1.5"), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, "abc", SqlColumnType.Bigint, 9L), Is.Null);
    }

    [Test]
    public void TextComparesWithTimestampsAsATime()
    {
        var time = Ms("2000-01-01T10:00:00Z");
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Timestamp, time, SqlColumnType.Varchar, "2000-01-01 10:00:00"), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Less, SqlColumnType.Varchar, "2000-01-01T09:59:59Z", SqlColumnType.Timestamp, time), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Timestamp, time, SqlColumnType.Varchar, "2000-01-01T12:00:00+02:00"), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Timestamp, time, SqlColumnType.Varchar, "yesterday"), Is.Null);
    }

    [Test]
    public void MultiValuesMatchWhenAnyElementDoes()
    {
        var tags = new string?[] { "a", "b" };
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, tags, SqlColumnType.Varchar, "b"), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, tags, SqlColumnType.Varchar, "c"), Is.False);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, "a", SqlColumnType.Varchar, tags), Is.True);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, Array.Empty<string?>(), SqlColumnType.Varchar, "a"), Is.Null);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, new string?[] { null, "b" }, SqlColumnType.Varchar, "a"), Is.Null);
        Assert.That(Compare(SqlBinaryOperator.Equal, SqlColumnType.Varchar, new string?[] { null, "a" }, SqlColumnType.Varchar, "a"), Is.True);
    }

    [TestCase(SqlColumnType.Boolean, SqlColumnType.Varchar)]
    [TestCase(SqlColumnType.Timestamp, SqlColumnType.Bigint)]
    [TestCase(SqlColumnType.Array, SqlColumnType.Varchar)]
    [TestCase(SqlColumnType.Other, SqlColumnType.Other)]
    public void IncomparableTypesAreAnError(SqlColumnType left, SqlColumnType right)
    {
        var e = Assert.Throws<SqlPlanningException>(() => SqlValues.CheckComparable(left, right, At))!;
        Assert.That(e.Message, Does.Contain(left.SqlName()).And.Contain(right.SqlName()));
        Assert.That(e.Position, Is.EqualTo(At));
    }

    [TestCase(SqlColumnType.Varchar, SqlColumnType.Timestamp)]
    [TestCase(SqlColumnType.Varchar, SqlColumnType.Double)]
    [TestCase(SqlColumnType.Date, SqlColumnType.Timestamp)]
    [TestCase(SqlColumnType.Boolean, SqlColumnType.Bigint)]
    [TestCase(SqlColumnType.Array, SqlColumnType.Array)]
    public void ComparableTypesPass(SqlColumnType left, SqlColumnType right) =>
        Assert.DoesNotThrow(() => SqlValues.CheckComparable(left, right, At));

    [Test]
    public void OrderPutsNullsFirstAndComparesNumbersByValue()
    {
        object?[] values = [3L, null, 2.5, -1L, 2L];
        Array.Sort(values, SqlValues.Order);
        Assert.That(values, Is.EqualTo(new object?[] { null, -1L, 2L, 2.5, 3L }));

        string[] texts = ["b", "B", "a", "ab"];
        Array.Sort(texts, (x, y) => SqlValues.Order(x, y));
        Assert.That(texts, Is.EqualTo(new[] { "B", "a", "ab", "b" }));

        Assert.That(SqlValues.Order(false, true), Is.LessThan(0));
        Assert.That(SqlValues.Order(new object?[] { "a" }, new object?[] { "a", "b" }), Is.LessThan(0));
        Assert.That(SqlValues.Order(new object?[] { "b" }, new object?[] { "a", "b" }), Is.GreaterThan(0));
    }

    [Test]
    public void SameAndHashAgree()
    {
        Assert.That(SqlValues.Same(null, null), Is.True);
        Assert.That(SqlValues.Same(1L, 1.0), Is.True);
        Assert.That(SqlValues.Hash(1L), Is.EqualTo(SqlValues.Hash(1.0)));
        Assert.That(SqlValues.Same(1L, 1.5), Is.False);
        Assert.That(SqlValues.Same("a", "A"), Is.False);
        Assert.That(SqlValues.Same(double.NaN, double.NaN), Is.True);
        Assert.That(SqlValues.Same(new string?[] { "a", null }, new object?[] { "a", null }), Is.True);
        Assert.That(SqlValues.Hash(new string?[] { "a", null }), Is.EqualTo(SqlValues.Hash(new object?[] { "a", null })));
        Assert.That(SqlValues.Same(null, 0L), Is.False);
        Assert.That(SqlValues.Same(true, 1L), Is.False);
    }

    [Test]
    public void TruthOfConditions()
    {
        Assert.That(SqlValues.Truth(true), Is.True);
        Assert.That(SqlValues.Truth(0L), Is.False);
        Assert.That(SqlValues.Truth(2L), Is.True);
        Assert.That(SqlValues.Truth(0.0), Is.False);
        Assert.That(SqlValues.Truth(null), Is.Null);
        Assert.That(SqlValues.Truth("TRUE"), Is.True);
        Assert.That(SqlValues.Truth("x"), Is.False);
    }

    [Test]
    public void LikeMatchesWholeText()
    {
        var like = SqlValues.Like("a%c_", null, At);
        Assert.That(like("abcd"), Is.True);
        Assert.That(like("acd"), Is.True);
        Assert.That(like("abc"), Is.False);
        Assert.That(like("xabcd"), Is.False);
        Assert.That(SqlValues.Like("a.c", null, At)("abc"), Is.False);
        Assert.That(SqlValues.Like("%", null, At)("line\nbreak"), Is.True);
        Assert.That(SqlValues.Like("abc", null, At)("ABC"), Is.False);
        Assert.That(SqlValues.Like("a%", null, At)("a\n"), Is.True);
        Assert.That(SqlValues.Like("a_", null, At)("a\n"), Is.True);
        Assert.That(SqlValues.Like("ab", null, At)("ab\n"), Is.False);
    }

    [Test]
    public void LikeWithAnEscape()
    {
        var like = SqlValues.Like(@"100\%%", '\\', At);
        Assert.That(like("100% sure"), Is.True);
        Assert.That(like("1000"), Is.False);
        Assert.That(SqlValues.Like("a!_b", '!', At)("a_b"), Is.True);
        Assert.That(SqlValues.Like("a!_b", '!', At)("axb"), Is.False);
        Assert.That(SqlValues.Like("a!!", '!', At)("a!"), Is.True);

        var e = Assert.Throws<SqlPlanningException>(() => SqlValues.Like("a!b", '!', At))!;
        Assert.That(e.Message, Does.Contain("escape"));
        Assert.That(e.Position, Is.EqualTo(At));
        Assert.Throws<SqlPlanningException>(() => SqlValues.Like("ab!", '!', At));
    }

    [Test]
    public void ParseAndFormatTimestamps()
    {
        var la = LosAngeles.TimeZone;
        Assert.That(SqlValues.ParseTimestamp("2000-01-02", TimeZoneInfo.Utc), Is.EqualTo(Ms("2000-01-02T00:00:00Z")));
        Assert.That(SqlValues.ParseTimestamp("2000-01-02 03:04:05.678", TimeZoneInfo.Utc), Is.EqualTo(Ms("2000-01-02T03:04:05.678Z")));
        Assert.That(SqlValues.ParseTimestamp("2000-01-02 03:04:05", la), Is.EqualTo(Ms("2000-01-02T11:04:05Z")));
        Assert.That(SqlValues.ParseTimestamp("2000-01-02T03:04:05Z", la), Is.EqualTo(Ms("2000-01-02T03:04:05Z")));
        Assert.That(SqlValues.ParseTimestamp("2000-01-02T03:04:05-01:00", la), Is.EqualTo(Ms("2000-01-02T04:04:05Z")));
        Assert.That(SqlValues.ParseTimestamp("2000-02-30", TimeZoneInfo.Utc), Is.Null);
        Assert.That(SqlValues.ParseTimestamp("soon", TimeZoneInfo.Utc), Is.Null);
        Assert.That(SqlValues.FormatTimestamp(946782245000L), Is.EqualTo("2000-01-02T03:04:05.000Z"));
    }

    private static bool? Compare(SqlBinaryOperator op, SqlColumnType leftType, object? left, SqlColumnType rightType, object? right) =>
        SqlValues.Compare(op, leftType, left, rightType, right);
}
