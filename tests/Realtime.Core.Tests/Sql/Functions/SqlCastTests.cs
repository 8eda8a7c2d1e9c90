using Realtime.Core.Sql;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Syntax;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class SqlCastTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo La = LosAngeles.TimeZone;

    private static object? Cast(object? value, SqlColumnType from, SqlTypeName to, TimeZoneInfo? zone = null) =>
        SqlValues.Cast(value, from, to, zone ?? Utc);

    [TestCase("42", 42L)]
    [TestCase(" -7 ", -7L)]
    [TestCase("2.9", 2L)]
    [TestCase("-2.9", -2L)]
    [TestCase("1e3", 1000L)]
    [TestCase("abc", null)]
    [TestCase("", null)]
    public void TextToBigint(string text, long? expected) => Assert.That(Cast(text, SqlColumnType.Varchar, SqlTypeName.Bigint), Is.EqualTo(expected));

    [Test]
    public void NumbersToIntegersTruncateTowardZero()
    {
        Assert.That(Cast(-2.7, SqlColumnType.Double, SqlTypeName.Integer), Is.EqualTo(-2L));
        Assert.That(Cast(2.7, SqlColumnType.Double, SqlTypeName.Bigint), Is.EqualTo(2L));
        Assert.That(Cast(double.NaN, SqlColumnType.Double, SqlTypeName.Bigint), Is.Null);
        Assert.That(Cast(true, SqlColumnType.Boolean, SqlTypeName.Bigint), Is.EqualTo(1L));
        Assert.That(Cast(false, SqlColumnType.Boolean, SqlTypeName.Tinyint), Is.EqualTo(0L));
        Assert.That(Cast(300L, SqlColumnType.Bigint, SqlTypeName.Tinyint), Is.EqualTo(300L));
        Assert.That(Cast(Ms("2000-01-02T03:04:05Z"), SqlColumnType.Timestamp, SqlTypeName.Bigint), Is.EqualTo(946782245000L));
    }

    [Test]
    public void ToDouble()
    {
        Assert.That(Cast("2.5", SqlColumnType.Varchar, SqlTypeName.Double), Is.EqualTo(2.5));
        Assert.That(Cast("x", SqlColumnType.Varchar, SqlTypeName.Float), Is.Null);
        Assert.That(Cast(3L, SqlColumnType.Bigint, SqlTypeName.Decimal), Is.EqualTo(3.0));
        Assert.That(Cast(true, SqlColumnType.Boolean, SqlTypeName.Real), Is.EqualTo(1.0));
    }

    [Test]
    public void ToBoolean()
    {
        Assert.That(Cast(2L, SqlColumnType.Bigint, SqlTypeName.Boolean), Is.EqualTo(true));
        Assert.That(Cast(0.0, SqlColumnType.Double, SqlTypeName.Boolean), Is.EqualTo(false));
        Assert.That(Cast("TRUE", SqlColumnType.Varchar, SqlTypeName.Boolean), Is.EqualTo(true));
        Assert.That(Cast("false", SqlColumnType.Varchar, SqlTypeName.Boolean), Is.EqualTo(false));
        Assert.That(Cast("1", SqlColumnType.Varchar, SqlTypeName.Boolean), Is.EqualTo(true));
        Assert.That(Cast("maybe", SqlColumnType.Varchar, SqlTypeName.Boolean), Is.Null);
    }

    [Test]
    public void ToVarchar()
    {
        Assert.That(Cast(42L, SqlColumnType.Bigint, SqlTypeName.Varchar), Is.EqualTo("42"));
        Assert.That(Cast(1.0, SqlColumnType.Double, SqlTypeName.Varchar), Is.EqualTo("1.0"));
        Assert.That(Cast(0.1, SqlColumnType.Double, SqlTypeName.Varchar), Is.EqualTo("0.1"));
        Assert.That(Cast(1e10, SqlColumnType.Double, SqlTypeName.Varchar), Is.EqualTo("1.0E10"));
        Assert.That(Cast(1.5e-5, SqlColumnType.Double, SqlTypeName.Varchar), Is.EqualTo("1.5E-5"));
        Assert.That(Cast(true, SqlColumnType.Boolean, SqlTypeName.Varchar), Is.EqualTo("true"));
        Assert.That(Cast(Ms("2000-01-02T03:04:05Z"), SqlColumnType.Timestamp, SqlTypeName.Varchar), Is.EqualTo("2000-01-02 03:04:05"));
        Assert.That(Cast(Ms("2000-01-02T03:04:05.250Z"), SqlColumnType.Timestamp, SqlTypeName.Varchar), Is.EqualTo("2000-01-02 03:04:05.250"));
        Assert.That(Cast(Ms("2000-01-02T03:04:05Z"), SqlColumnType.Timestamp, SqlTypeName.Varchar, La), Is.EqualTo("2000-01-01 19:04:05"));
        Assert.That(Cast(Ms("2000-01-02T00:00:00Z"), SqlColumnType.Date, SqlTypeName.Varchar), Is.EqualTo("2000-01-02"));
        var tags = new string?[] { "a", "b" };
        Assert.That(Cast(tags, SqlColumnType.Varchar, SqlTypeName.Varchar), Is.SameAs(tags));
    }

    [Test]
    public void ToTimestamp()
    {
        Assert.That(Cast("2000-01-02 03:04:05", SqlColumnType.Varchar, SqlTypeName.Timestamp), Is.EqualTo(Ms("2000-01-02T03:04:05Z")));
        Assert.That(Cast("2000-01-02 03:04:05.678", SqlColumnType.Varchar, SqlTypeName.Timestamp), Is.EqualTo(Ms("2000-01-02T03:04:05.678Z")));
        Assert.That(Cast("2000-01-02T03:04:05Z", SqlColumnType.Varchar, SqlTypeName.Timestamp, La), Is.EqualTo(Ms("2000-01-02T03:04:05Z")));
        Assert.That(Cast("2000-01-02 03:04:05", SqlColumnType.Varchar, SqlTypeName.Timestamp, La), Is.EqualTo(Ms("2000-01-02T11:04:05Z")));
        Assert.That(Cast("not a time", SqlColumnType.Varchar, SqlTypeName.Timestamp), Is.Null);
        Assert.That(Cast(946782245000L, SqlColumnType.Bigint, SqlTypeName.Timestamp), Is.EqualTo(946782245000L));
    }

    [Test]
    public void ToDateFloorsToTheDayInTheZone()
    {
        Assert.That(Cast(Ms("2000-01-02T03:04:05Z"), SqlColumnType.Timestamp, SqlTypeName.Date), Is.EqualTo(Ms("2000-01-02T00:00:00Z")));
        Assert.That(Cast(Ms("2000-01-02T03:04:05Z"), SqlColumnType.Timestamp, SqlTypeName.Date, La), Is.EqualTo(Ms("2000-01-01T08:00:00Z")));
        Assert.That(Cast("2000-01-02", SqlColumnType.Varchar, SqlTypeName.Date), Is.EqualTo(Ms("2000-01-02T00:00:00Z")));
    }

    [Test]
    public void NullAndMultiValues()
    {
        Assert.That(Cast(null, SqlColumnType.Varchar, SqlTypeName.Bigint), Is.Null);
        Assert.That(Cast(new string?[] { "5" }, SqlColumnType.Varchar, SqlTypeName.Bigint), Is.EqualTo(5L));
        Assert.That(Cast(new string?[] { "5", "6" }, SqlColumnType.Varchar, SqlTypeName.Bigint), Is.Null);
        Assert.That(Cast(Array.Empty<string?>(), SqlColumnType.Varchar, SqlTypeName.Double), Is.Null);
    }

    [Test]
    public void CoerceWidens()
    {
        Assert.That(SqlValues.Coerce(2L, SqlColumnType.Bigint, SqlColumnType.Double), Is.EqualTo(2.0));
        Assert.That(SqlValues.Coerce(true, SqlColumnType.Boolean, SqlColumnType.Bigint), Is.EqualTo(1L));
        Assert.That(SqlValues.Coerce(5L, SqlColumnType.Date, SqlColumnType.Timestamp), Is.EqualTo(5L));
        Assert.That(SqlValues.Coerce(null, SqlColumnType.Bigint, SqlColumnType.Double), Is.Null);
    }
}
