using Realtime.Core.Sql;
using Realtime.Core.Sql.Syntax;
using static Realtime.Core.Tests.Sql.Functions.SqlFunctionCalls;

namespace Realtime.Core.Tests.Sql.Functions;

public class TimeFunctionsTests
{
    [Test]
    public void TimeFloorByPeriodInUtc()
    {
        Assert.That(CallTime("TIME_FLOOR", T("2000-01-01T05:37:12Z"), S("PT15M")), Is.EqualTo("2000-01-01T05:30:00.000Z"));
        Assert.That(CallTime("TIME_FLOOR", T("2000-05-15T05:37:12Z"), S("P3M")), Is.EqualTo("2000-04-01T00:00:00.000Z"));
    }

    [Test]
    public void TimeFloorByDayFollowsTheZonesMidnightAcrossDaylightSaving()
    {
        // 2021-03-14 10:30Z is 03:30 PDT, after the 02:00 spring-forward; that day's midnight was still PST (UTC-8).
        Assert.That(CallTime("TIME_FLOOR", T("2021-03-14T10:30:00Z"), S("P1D"), Null(), S("America/Los_Angeles")),
            Is.EqualTo("2021-03-14T08:00:00.000Z"));
        Assert.That(CallTime("TIME_FLOOR", T("2021-03-15T10:30:00Z"), S("P1D"), Null(), S("America/Los_Angeles")),
            Is.EqualTo("2021-03-15T07:00:00.000Z"));
    }

    [Test]
    public void TimeFloorDefaultsToTheStatementsTimeZone() =>
        Assert.That(CallTime("TIME_FLOOR", LosAngeles, T("2000-01-02T05:00:00Z"), S("P1D")), Is.EqualTo("2000-01-01T08:00:00.000Z"));

    [Test]
    public void TimeFloorCountsFromTheOrigin()
    {
        var origin = C(SqlColumnType.Timestamp, Ms("2016-06-27T00:30:00Z"));
        Assert.That(CallTime("TIME_FLOOR", T("2016-06-27T05:10:00Z"), S("PT1H"), origin), Is.EqualTo("2016-06-27T04:30:00.000Z"));
        var columnOrigin = V(SqlColumnType.Timestamp, Ms("2016-06-27T00:20:00Z"));
        Assert.That(CallTime("TIME_FLOOR", T("2016-06-27T05:10:00Z"), S("PT1H"), columnOrigin), Is.EqualTo("2016-06-27T04:20:00.000Z"));
    }

    [Test]
    public void TimeCeilRoundsUpButKeepsABoundary()
    {
        Assert.That(CallTime("TIME_CEIL", T("2000-01-01T05:10:00Z"), S("PT1H")), Is.EqualTo("2000-01-01T06:00:00.000Z"));
        Assert.That(CallTime("TIME_CEIL", T("2000-01-01T05:00:00Z"), S("PT1H")), Is.EqualTo("2000-01-01T05:00:00.000Z"));
    }

    [Test]
    public void TimeFunctionsGiveNullForNull()
    {
        Assert.That(Call("TIME_FLOOR", V(SqlColumnType.Timestamp, null), S("P1D")), Is.Null);
        Assert.That(Call("TIME_SHIFT", T("2000-01-01T00:00:00Z"), S("P1D"), V(SqlColumnType.Bigint, null)), Is.Null);
        Assert.That(Call("TIME_FORMAT", V(SqlColumnType.Timestamp, null)), Is.Null);
        Assert.That(Call("EXTRACT", U(SqlTimeUnit.Year), V(SqlColumnType.Timestamp, null)), Is.Null);
    }

    [Test]
    public void TimeShiftMovesByCalendarPeriods()
    {
        Assert.That(CallTime("TIME_SHIFT", T("2000-01-31T10:00:00Z"), S("P1M"), L(1)), Is.EqualTo("2000-02-29T10:00:00.000Z"));
        Assert.That(CallTime("TIME_SHIFT", T("2000-03-01T10:00:00Z"), S("P1D"), L(-2)), Is.EqualTo("2000-02-28T10:00:00.000Z"));
        Assert.That(CallTime("TIME_SHIFT", T("2000-03-01T10:00:00Z"), S("PT90M"), L(2)), Is.EqualTo("2000-03-01T13:00:00.000Z"));
        // A day across the spring-forward keeps the wall clock: 23 elapsed hours.
        Assert.That(CallTime("TIME_SHIFT", T("2021-03-13T20:00:00Z"), S("P1D"), L(1), S("America/Los_Angeles")),
            Is.EqualTo("2021-03-14T19:00:00.000Z"));
    }

    [Test]
    public void TimestampAddClampsToTheEndOfTheMonth()
    {
        Assert.That(CallTime("TIMESTAMPADD", U(SqlTimeUnit.Month), L(1), T("2001-01-31T12:00:00Z")), Is.EqualTo("2001-02-28T12:00:00.000Z"));
        Assert.That(CallTime("TIMESTAMPADD", U(SqlTimeUnit.Quarter), L(-1), T("2001-05-31T00:00:00Z")), Is.EqualTo("2001-02-28T00:00:00.000Z"));
        Assert.That(CallTime("TIMESTAMPADD", U(SqlTimeUnit.Year), L(1), T("2000-02-29T00:00:00Z")), Is.EqualTo("2001-02-28T00:00:00.000Z"));
        Assert.That(CallTime("TIMESTAMPADD", U(SqlTimeUnit.Hour), L(-25), T("2000-01-02T00:00:00Z")), Is.EqualTo("1999-12-31T23:00:00.000Z"));
        Assert.That(CallTime("TIMESTAMPADD", U(SqlTimeUnit.Week), L(1), T("2000-01-02T00:00:00Z")), Is.EqualTo("2000-01-09T00:00:00.000Z"));
    }

    [TestCase(SqlTimeUnit.Month, "2000-01-15T00:00:00Z", "2000-02-14T23:59:59Z", 0)]
    [TestCase(SqlTimeUnit.Month, "2000-01-15T00:00:00Z", "2000-03-15T00:00:00Z", 2)]
    [TestCase(SqlTimeUnit.Month, "2000-01-31T00:00:00Z", "2000-02-29T00:00:00Z", 1)]
    [TestCase(SqlTimeUnit.Month, "2000-03-15T00:00:00Z", "2000-01-16T00:00:00Z", -1)]
    [TestCase(SqlTimeUnit.Quarter, "2000-01-01T00:00:00Z", "2000-12-31T00:00:00Z", 3)]
    [TestCase(SqlTimeUnit.Year, "2000-06-01T00:00:00Z", "2003-05-31T00:00:00Z", 2)]
    [TestCase(SqlTimeUnit.Day, "2000-01-01T00:00:00Z", "2000-01-03T12:00:00Z", 2)]
    [TestCase(SqlTimeUnit.Week, "2000-01-01T00:00:00Z", "2000-01-15T00:00:00Z", 2)]
    [TestCase(SqlTimeUnit.Hour, "2000-01-01T01:30:00Z", "2000-01-01T00:00:00Z", -1)]
    [TestCase(SqlTimeUnit.Second, "2000-01-01T00:00:00Z", "2000-01-01T00:01:00.999Z", 60)]
    public void TimestampDiffCountsWholeUnits(SqlTimeUnit unit, string from, string to, long expected) =>
        Assert.That(Call("TIMESTAMPDIFF", U(unit), T(from), T(to)), Is.EqualTo(expected));

    [TestCase(SqlTimeUnit.Epoch, 1609677296L)]
    [TestCase(SqlTimeUnit.Millisecond, 789L)]
    [TestCase(SqlTimeUnit.Second, 56L)]
    [TestCase(SqlTimeUnit.Minute, 34L)]
    [TestCase(SqlTimeUnit.Hour, 12L)]
    [TestCase(SqlTimeUnit.Day, 3L)]
    [TestCase(SqlTimeUnit.DayOfWeek, 7L)]
    [TestCase(SqlTimeUnit.IsoDayOfWeek, 7L)]
    [TestCase(SqlTimeUnit.DayOfYear, 3L)]
    [TestCase(SqlTimeUnit.Week, 53L)]
    [TestCase(SqlTimeUnit.Month, 1L)]
    [TestCase(SqlTimeUnit.Quarter, 1L)]
    [TestCase(SqlTimeUnit.Year, 2021L)]
    [TestCase(SqlTimeUnit.IsoYear, 2020L)]
    [TestCase(SqlTimeUnit.Decade, 202L)]
    [TestCase(SqlTimeUnit.Century, 21L)]
    [TestCase(SqlTimeUnit.Millennium, 3L)]
    public void ExtractReadsEachField(SqlTimeUnit unit, long expected) =>
        // 2021-01-03 is a Sunday in ISO week 53 of 2020.
        Assert.That(Call("EXTRACT", U(unit), T("2021-01-03T12:34:56.789Z")), Is.EqualTo(expected));

    [Test]
    public void ExtractUsesTheStatementsTimeZone() =>
        Assert.That(Call("EXTRACT", LosAngeles, U(SqlTimeUnit.Day), T("2021-01-03T05:00:00Z")), Is.EqualTo(2L));

    [Test]
    public void TimeExtractTakesTheUnitAsTextAndAnOptionalZone()
    {
        Assert.That(Call("TIME_EXTRACT", T("2021-01-03T12:34:56Z"), S("hour")), Is.EqualTo(12L));
        Assert.That(Call("TIME_EXTRACT", T("2021-01-03T12:34:56Z"), S("HOUR"), S("America/Los_Angeles")), Is.EqualTo(4L));
        Assert.That(Call("TIME_EXTRACT", T("2021-01-03T12:34:56Z"), S("DOW"), S("+14:00")), Is.EqualTo(1L));
    }

    [Test]
    public void TimeParseReadsIsoOrAJodaPattern()
    {
        Assert.That(CallTime("TIME_PARSE", Text("2000-01-02T03:04:05Z")), Is.EqualTo("2000-01-02T03:04:05.000Z"));
        Assert.That(Call("TIME_PARSE", Text("2000-01-02T03:04:05Z")), Is.EqualTo(946782245000L));
        Assert.That(CallTime("TIME_PARSE", Text("2000-02-01 00:00:00"), Null(), S("America/Los_Angeles")), Is.EqualTo("2000-02-01T08:00:00.000Z"));
        Assert.That(CallTime("TIME_PARSE", Text("02/01/2000 13"), S("dd/MM/yyyy HH")), Is.EqualTo("2000-01-02T13:00:00.000Z"));
        Assert.That(Call("TIME_PARSE", Text("not a time")), Is.Null);
        Assert.That(Call("TIME_PARSE", Text("2000-13-45"), S("yyyy-MM-dd")), Is.Null);
        Assert.That(Call("TIME_PARSE", Text(null)), Is.Null);
    }

    [Test]
    public void TimeFormatPrintsIsoOrAJodaPattern()
    {
        Assert.That(Call("TIME_FORMAT", T("2000-01-02T03:04:05Z")), Is.EqualTo("2000-01-02T03:04:05.000Z"));
        Assert.That(Call("TIME_FORMAT", T("2000-01-02T03:04:05Z"), S("yyyy-MM-dd HH:mm"), S("America/Los_Angeles")), Is.EqualTo("2000-01-01 19:04"));
        Assert.That(Call("TIME_FORMAT", T("2000-01-02T03:04:05Z"), Null(), S("-08:00")), Is.EqualTo("2000-01-01T19:04:05.000-08:00"));
    }

    [Test]
    public void MillisConvertBothWays()
    {
        Assert.That(Call("MILLIS_TO_TIMESTAMP", V(SqlColumnType.Bigint, 946782245000L)), Is.EqualTo(946782245000L));
        Assert.That(Bind("MILLIS_TO_TIMESTAMP", Utc, L(0)).Type, Is.EqualTo(SqlColumnType.Timestamp));
        Assert.That(Call("TIMESTAMP_TO_MILLIS", T("2000-01-02T03:04:05Z")), Is.EqualTo(946782245000L));
        Assert.That(Bind("TIMESTAMP_TO_MILLIS", Utc, T("2000-01-02T03:04:05Z")).Type, Is.EqualTo(SqlColumnType.Bigint));
    }

    [Test]
    public void FloorAndCeilToAUnit()
    {
        Assert.That(CallTime("FLOOR", T("2021-01-03T12:34:56Z"), U(SqlTimeUnit.Week)), Is.EqualTo("2020-12-28T00:00:00.000Z"));
        Assert.That(CallTime("FLOOR", T("2000-05-15T12:00:00Z"), U(SqlTimeUnit.Quarter)), Is.EqualTo("2000-04-01T00:00:00.000Z"));
        Assert.That(CallTime("CEIL", T("2000-01-15T00:00:00Z"), U(SqlTimeUnit.Month)), Is.EqualTo("2000-02-01T00:00:00.000Z"));
        Assert.That(CallTime("FLOOR", LosAngeles, T("2000-01-02T05:00:00Z"), U(SqlTimeUnit.Day)), Is.EqualTo("2000-01-01T08:00:00.000Z"));
        Assert.That(BindError("FLOOR", T("2000-01-02T05:00:00Z"), U(SqlTimeUnit.Epoch)).Message, Does.Contain("FLOOR").And.Contain("EPOCH"));
    }

    [TestCase("day", "2000-03-15T10:11:12Z", "2000-03-15T00:00:00.000Z")]
    [TestCase("month", "2000-03-15T10:11:12Z", "2000-03-01T00:00:00.000Z")]
    [TestCase("Week", "2021-01-03T10:11:12Z", "2020-12-28T00:00:00.000Z")]
    [TestCase("quarter", "2000-03-15T10:11:12Z", "2000-01-01T00:00:00.000Z")]
    [TestCase("YEAR", "2000-03-15T10:11:12Z", "2000-01-01T00:00:00.000Z")]
    [TestCase("decade", "2024-05-05T00:00:00Z", "2020-01-01T00:00:00.000Z")]
    [TestCase("second", "2000-03-15T10:11:12.345Z", "2000-03-15T10:11:12.000Z")]
    public void DateTruncFloorsToTheNamedUnit(string unit, string time, string expected) =>
        Assert.That(CallTime("DATE_TRUNC", S(unit), T(time)), Is.EqualTo(expected));

    [Test]
    public void CurrentTimestampAndDateComeFromTheContext()
    {
        Assert.That(CallTime("CURRENT_TIMESTAMP"), Is.EqualTo("2000-01-02T05:00:00.000Z"));
        Assert.That(CallTime("CURRENT_DATE", LosAngeles), Is.EqualTo("2000-01-01T08:00:00.000Z"));
        Assert.That(Bind("CURRENT_DATE", Utc).Type, Is.EqualTo(SqlColumnType.Date));
    }

    [Test]
    public void BadConstantsNameTheArgument()
    {
        var period = S("P1X");
        var e = BindError("TIME_FLOOR", T("2000-01-01T00:00:00Z"), period);
        Assert.That(e.Message, Does.Contain("TIME_FLOOR").And.Contain("argument 2 (period)").And.Contain("P1X"));
        Assert.That(e.Position, Is.EqualTo(period.Operand.Position));

        var zone = S("Mars/Olympus_Mons");
        e = BindError("TIME_FLOOR", T("2000-01-01T00:00:00Z"), S("P1D"), Null(), zone);
        Assert.That(e.Message, Does.Contain("argument 4 (time zone)").And.Contain("Mars/Olympus_Mons"));
        Assert.That(e.Position, Is.EqualTo(zone.Operand.Position));

        e = BindError("TIME_FORMAT", T("2000-01-01T00:00:00Z"), S("yyyy GGG"));
        Assert.That(e.Message, Does.Contain("TIME_FORMAT").And.Contain("argument 2 (pattern)"));

        e = BindError("TIME_EXTRACT", T("2000-01-01T00:00:00Z"), S("FORTNIGHT"));
        Assert.That(e.Message, Does.Contain("TIME_EXTRACT").And.Contain("FORTNIGHT"));

        e = BindError("DATE_TRUNC", S("fortnight"), T("2000-01-01T00:00:00Z"));
        Assert.That(e.Message, Does.Contain("DATE_TRUNC").And.Contain("fortnight"));

        e = BindError("TIME_FLOOR", T("2000-01-01T00:00:00Z"), V(SqlColumnType.Varchar, "P1D"));
        Assert.That(e.Message, Does.Contain("argument 2 (period) must be a constant"));

        e = BindError("TIME_FLOOR", T("2000-01-01T00:00:00Z"), S("P1MT1H"));
        Assert.That(e.Message, Does.Contain("argument 2 (period)"));
    }

    [Test]
    public void WrongTypesAndCountsNameTheFunction()
    {
        var text = Text("2000");
        var e = BindError("TIME_FLOOR", text, S("P1D"));
        Assert.That(e.Message, Does.Contain("Function 'TIME_FLOOR' argument 1 (timestamp) must be TIMESTAMP; got VARCHAR"));
        Assert.That(e.Position, Is.EqualTo(text.Operand.Position));
        Assert.That(e.ErrorCode, Is.EqualTo(SqlPlanningException.ValidationFailed));

        e = BindError("TIME_FLOOR", T("2000-01-01T00:00:00Z"));
        Assert.That(e.Message, Does.Contain("Function 'TIME_FLOOR' takes 2 to 4 arguments; got 1"));
        Assert.That(e.Position, Is.EqualTo(CallAt));

        e = BindError("TIMESTAMPADD", S("MONTH"), L(1), T("2000-01-01T00:00:00Z"));
        Assert.That(e.Message, Does.Contain("argument 1 (unit) must be a time unit"));

        e = BindError("CURRENT_TIMESTAMP", L(1));
        Assert.That(e.Message, Does.Contain("takes 0 arguments"));
    }
}
