using System.Globalization;
using Realtime.Abstractions.Time;
using Realtime.Core.Sql.Syntax;
using Realtime.Core.Time;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlScalarFunctions
{
    private const long MillisPerDay = 86_400_000;

    private static readonly SqlTimeUnit[] FloorUnits =
        [SqlTimeUnit.Second, SqlTimeUnit.Minute, SqlTimeUnit.Hour, SqlTimeUnit.Day, SqlTimeUnit.Week, SqlTimeUnit.Month, SqlTimeUnit.Quarter, SqlTimeUnit.Year];

    private static readonly SqlTimeUnit[] IntervalUnits = [SqlTimeUnit.Millisecond, .. FloorUnits];

    /// <summary>The units of <c>TIME_EXTRACT</c> (and <c>EXTRACT</c>), by the names <c>TIME_EXTRACT</c> takes.</summary>
    private static readonly FrozenUnits ExtractUnits = new(new Dictionary<string, SqlTimeUnit>(StringComparer.OrdinalIgnoreCase)
    {
        ["EPOCH"] = SqlTimeUnit.Epoch, ["MILLISECOND"] = SqlTimeUnit.Millisecond, ["SECOND"] = SqlTimeUnit.Second,
        ["MINUTE"] = SqlTimeUnit.Minute, ["HOUR"] = SqlTimeUnit.Hour, ["DAY"] = SqlTimeUnit.Day, ["DOW"] = SqlTimeUnit.DayOfWeek,
        ["ISODOW"] = SqlTimeUnit.IsoDayOfWeek, ["DOY"] = SqlTimeUnit.DayOfYear, ["WEEK"] = SqlTimeUnit.Week, ["MONTH"] = SqlTimeUnit.Month,
        ["QUARTER"] = SqlTimeUnit.Quarter, ["YEAR"] = SqlTimeUnit.Year, ["ISOYEAR"] = SqlTimeUnit.IsoYear, ["DECADE"] = SqlTimeUnit.Decade,
        ["CENTURY"] = SqlTimeUnit.Century, ["MILLENNIUM"] = SqlTimeUnit.Millennium,
    });

    /// <summary>The units of <c>DATE_TRUNC</c>, by name.</summary>
    private static readonly FrozenUnits TruncUnits = new(new Dictionary<string, SqlTimeUnit>(StringComparer.OrdinalIgnoreCase)
    {
        ["MILLISECOND"] = SqlTimeUnit.Millisecond, ["MILLISECONDS"] = SqlTimeUnit.Millisecond, ["SECOND"] = SqlTimeUnit.Second,
        ["MINUTE"] = SqlTimeUnit.Minute, ["HOUR"] = SqlTimeUnit.Hour, ["DAY"] = SqlTimeUnit.Day, ["WEEK"] = SqlTimeUnit.Week,
        ["MONTH"] = SqlTimeUnit.Month, ["QUARTER"] = SqlTimeUnit.Quarter, ["YEAR"] = SqlTimeUnit.Year, ["DECADE"] = SqlTimeUnit.Decade,
        ["CENTURY"] = SqlTimeUnit.Century, ["MILLENNIUM"] = SqlTimeUnit.Millennium,
    });

    private static IEnumerable<(string Name, Func<SqlCall, SqlScalarBinding> Bind)> TimeFunctions() =>
    [
        ("TIME_FLOOR", c => TimeFloor(c, ceil: false)),
        ("TIME_CEIL", c => TimeFloor(c, ceil: true)),
        ("TIME_SHIFT", TimeShift),
        ("TIME_EXTRACT", TimeExtract),
        ("EXTRACT", Extract),
        ("TIME_PARSE", TimeParse),
        ("TIME_FORMAT", TimeFormat),
        ("MILLIS_TO_TIMESTAMP", c => Strict(c.Arity(1).Number(0, "milliseconds"), SqlColumnType.Timestamp, a => SqlValues.ToLong(a[0]!))),
        ("TIMESTAMP_TO_MILLIS", c => Strict(c.Arity(1).Timestamp(0, "timestamp"), SqlColumnType.Bigint, a => a[0])),
        ("DATE_TRUNC", DateTrunc),
        ("TIMESTAMPADD", TimestampAdd),
        ("TIMESTAMPDIFF", TimestampDiff),
        ("CURRENT_TIMESTAMP", c => Constant(c.Arity(0), SqlColumnType.Timestamp, c.Context.NowMillis)),
        ("CURRENT_DATE", c => Constant(c.Arity(0), SqlColumnType.Date, SqlValues.FloorToDay(c.Context.NowMillis, c.Context.TimeZone))),
    ];

    private static SqlScalarBinding Constant(SqlCall call, SqlColumnType type, object value) => new(type, _ => value);

    /// <summary><c>TIME_FLOOR(ts, period[, origin[, zone]])</c> and <c>TIME_CEIL</c>: period buckets on the zone's wall clock, from the origin when given.</summary>
    private static SqlScalarBinding TimeFloor(SqlCall call, bool ceil)
    {
        call.Arity(2, 4).Timestamp(0, "timestamp");
        var period = call.Period(1);
        var zone = call.Zone(3);
        if (call.Count > 2)
        {
            call.Timestamp(2, "origin");
        }

        var origin = call.Count > 2 ? call.Args[2] : default;
        if (call.Count <= 2 || origin.IsConstant)
        {
            var granularity = Granularity(call, 1, period, zone, origin.Constant as long?);
            call.Setting(2);
            return Strict(call, SqlColumnType.Timestamp, a => Bucket(granularity, (long)a[0]!, ceil));
        }

        _ = Granularity(call, 1, period, zone, null);

        return new SqlScalarBinding(SqlColumnType.Timestamp, a => a[0] is long millis
            ? Bucket(new PeriodGranularity(period, zone, a[2] as long?), millis, ceil)
            : null);
    }

    private static long Bucket(Granularity granularity, long millis, bool ceil)
    {
        var start = granularity.BucketStart(millis);
        return ceil && start != millis ? granularity.Increment(start) : start;
    }

    private static PeriodGranularity Granularity(SqlCall call, int periodArg, IsoPeriod period, TimeZoneInfo zone, long? origin)
    {
        try
        {
            return new PeriodGranularity(period, zone, origin);
        }
        catch (ArgumentException e)
        {
            throw call.Error($"argument {periodArg + 1} (period): {e.Message}", call.Args[periodArg].Position);
        }
    }

    /// <summary><c>TIME_SHIFT(ts, period, step[, zone])</c>: the timestamp moved by the period <c>step</c> times.</summary>
    private static SqlScalarBinding TimeShift(SqlCall call)
    {
        call.Arity(3, 4).Timestamp(0, "timestamp").Integer(2, "step");
        var period = call.Period(1);
        var zone = call.Zone(3);
        return Strict(call, SqlColumnType.Timestamp, a => Shift((long)a[0]!, period, SqlValues.ToLong(a[2]!), zone));
    }

    /// <summary><c>TIMESTAMPADD(unit, count, ts)</c>: <c>ts + count * INTERVAL '1' unit</c>, months clamped to the month's last day.</summary>
    private static SqlScalarBinding TimestampAdd(SqlCall call)
    {
        call.Arity(3);
        var period = UnitPeriod(call.Unit(0, "unit", IntervalUnits));
        call.Integer(1, "count").Timestamp(2, "timestamp");
        var zone = call.Context.TimeZone;
        return Strict(call, SqlColumnType.Timestamp, a => Shift((long)a[2]!, period, SqlValues.ToLong(a[1]!), zone));
    }

    /// <summary><c>TIMESTAMPDIFF(unit, t1, t2)</c>: the whole units from t1 to t2, truncated toward zero; months, quarters and years by the calendar.</summary>
    private static SqlScalarBinding TimestampDiff(SqlCall call)
    {
        call.Arity(3);
        var unit = call.Unit(0, "unit", IntervalUnits);
        call.Timestamp(1, "start").Timestamp(2, "end");
        var zone = call.Context.TimeZone;
        return Strict(call, SqlColumnType.Bigint, a =>
        {
            long from = (long)a[1]!, to = (long)a[2]!;
            return unit switch
            {
                SqlTimeUnit.Month => MonthsBetween(from, to, zone),
                SqlTimeUnit.Quarter => MonthsBetween(from, to, zone) / 3,
                SqlTimeUnit.Year => MonthsBetween(from, to, zone) / 12,
                _ => (to - from) / (long)UnitPeriod(unit).ToTimeSpan().TotalMilliseconds,
            };
        });
    }

    /// <summary><c>TIME_EXTRACT(ts, unit[, zone])</c>, the unit a string such as <c>'HOUR'</c>.</summary>
    private static SqlScalarBinding TimeExtract(SqlCall call)
    {
        call.Arity(2, 3).Timestamp(0, "timestamp");
        var name = call.ConstantText(1, "unit") ?? throw call.Error("argument 2 (unit) must not be NULL", call.Args[1].Position);
        var unit = ExtractUnits.Find(name) ?? throw call.Error(
            $"argument 2 (unit): '{name}' is not a unit; use one of {ExtractUnits.Names}", call.Args[1].Position);
        var zone = call.Zone(2);
        return Strict(call, SqlColumnType.Bigint, a => ExtractField((long)a[0]!, unit, zone));
    }

    /// <summary><c>EXTRACT(unit FROM ts)</c> in the statement's time zone.</summary>
    private static SqlScalarBinding Extract(SqlCall call)
    {
        call.Arity(2);
        var unit = call.Unit(0, "unit");
        call.Timestamp(1, "timestamp");
        var zone = call.Context.TimeZone;
        return Strict(call, SqlColumnType.Bigint, a => ExtractField((long)a[1]!, unit, zone));
    }

    /// <summary><c>TIME_PARSE(text[, pattern[, zone]])</c>: ISO 8601 without a pattern; text that does not parse gives null.</summary>
    private static SqlScalarBinding TimeParse(SqlCall call)
    {
        call.Arity(1, 3).Text(0, "text");
        var zone = call.Zone(2);
        var pattern = call.Parser(1, zone);
        return Strict(call, SqlColumnType.Timestamp, a => OnText(a[0], SqlColumnType.Timestamp, text =>
            pattern is null ? SqlValues.ParseTimestamp(text, zone) : pattern.TryParse(text, out var millis) ? millis : null), 0);
    }

    /// <summary><c>TIME_FORMAT(ts[, pattern[, zone]])</c>: ISO 8601 (<c>2000-01-02T03:04:05.000Z</c>) without a pattern.</summary>
    private static SqlScalarBinding TimeFormat(SqlCall call)
    {
        call.Arity(1, 3).Timestamp(0, "timestamp");
        var zone = call.Zone(2);
        var printer = call.Printer(1, zone) ?? Parsing.JodaPattern.IsoPrinter(zone);
        return Strict(call, SqlColumnType.Varchar, a => printer.Print((long)a[0]!));
    }

    /// <summary><c>DATE_TRUNC('unit', ts)</c>: the timestamp floored to the unit in the statement's time zone.</summary>
    private static SqlScalarBinding DateTrunc(SqlCall call)
    {
        call.Arity(2);
        var name = call.ConstantText(0, "unit") ?? throw call.Error("argument 1 (unit) must not be NULL", call.Args[0].Position);
        var unit = TruncUnits.Find(name) ?? throw call.Error(
            $"argument 1 (unit): '{name}' is not a unit; use one of {TruncUnits.Names}", call.Args[0].Position);
        call.Timestamp(1, "timestamp");
        var granularity = UnitGranularity(unit, call.Context.TimeZone);
        return Strict(call, SqlColumnType.Timestamp, a => granularity.BucketStart((long)a[1]!));
    }

    /// <summary><c>FLOOR(ts TO unit)</c> and <c>CEIL(ts TO unit)</c> in the statement's time zone.</summary>
    private static SqlScalarBinding FloorToUnit(SqlCall call, bool ceil)
    {
        call.Timestamp(0, "timestamp");
        var granularity = UnitGranularity(call.Unit(1, "unit", FloorUnits), call.Context.TimeZone);
        return Strict(call, SqlColumnType.Timestamp, a => Bucket(granularity, (long)a[0]!, ceil));
    }

    /// <summary>
    /// The buckets of a unit on the zone's wall clock. Decades, centuries and millennia count from the year 2000
    /// (so 2024 is in the decade 2020 and the century and millennium 2000).
    /// </summary>
    private static PeriodGranularity UnitGranularity(SqlTimeUnit unit, TimeZoneInfo zone) => unit switch
    {
        SqlTimeUnit.Decade or SqlTimeUnit.Century or SqlTimeUnit.Millennium => new PeriodGranularity(
            new IsoPeriod(unit == SqlTimeUnit.Decade ? 10 : unit == SqlTimeUnit.Century ? 100 : 1000, 0, 0, 0, 0, 0, 0, 0),
            zone, TimeZones.LocalToUtcMillis(new DateTime(2000, 1, 1), zone)),
        _ => new PeriodGranularity(UnitPeriod(unit), zone, null),
    };

    private static IsoPeriod UnitPeriod(SqlTimeUnit unit) => unit switch
    {
        SqlTimeUnit.Millisecond => new IsoPeriod(0, 0, 0, 0, 0, 0, 0, 1),
        SqlTimeUnit.Second => new IsoPeriod(0, 0, 0, 0, 0, 0, 1, 0),
        SqlTimeUnit.Minute => new IsoPeriod(0, 0, 0, 0, 0, 1, 0, 0),
        SqlTimeUnit.Hour => new IsoPeriod(0, 0, 0, 0, 1, 0, 0, 0),
        SqlTimeUnit.Day => new IsoPeriod(0, 0, 0, 1, 0, 0, 0, 0),
        SqlTimeUnit.Week => new IsoPeriod(0, 0, 1, 0, 0, 0, 0, 0),
        SqlTimeUnit.Month => new IsoPeriod(0, 1, 0, 0, 0, 0, 0, 0),
        SqlTimeUnit.Quarter => new IsoPeriod(0, 3, 0, 0, 0, 0, 0, 0),
        SqlTimeUnit.Year => new IsoPeriod(1, 0, 0, 0, 0, 0, 0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not an interval unit"),
    };

    /// <summary>
    /// Adds a period <paramref name="step"/> times, as Joda does: years, months, weeks and days on the zone's wall
    /// clock (a month from January 31 gives the last day of February; a day across a daylight-saving change is 23 or 25
    /// hours), hours and smaller as elapsed time. Null when the result leaves the years 1 to 9999.
    /// </summary>
    private static long? Shift(long millis, IsoPeriod period, long step, TimeZoneInfo zone)
    {
        try
        {
            if (period.Years != 0 || period.Months != 0 || period.Weeks != 0 || period.Days != 0)
            {
                var local = SqlValues.ToLocal(millis, zone)
                    .AddYears(checked((int)(period.Years * step)))
                    .AddMonths(checked((int)(period.Months * step)))
                    .AddDays(checked((period.Weeks * 7L + period.Days) * step));
                millis = TimeZones.LocalToUtcMillis(local, zone);
            }

            var clock = new IsoPeriod(0, 0, 0, 0, period.Hours, period.Minutes, period.Seconds, period.Milliseconds);
            return checked(millis + (long)clock.ToTimeSpan().TotalMilliseconds * step);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Whole calendar months from one instant to another on the zone's wall clock, truncated toward zero (Joda's <c>Months.monthsBetween</c>).</summary>
    private static long MonthsBetween(long from, long to, TimeZoneInfo zone)
    {
        DateTime start = SqlValues.ToLocal(from, zone), end = SqlValues.ToLocal(to, zone);
        var months = (end.Year - start.Year) * 12L + end.Month - start.Month;
        if (months > 0 && start.AddMonths((int)months) > end)
        {
            months--;
        }
        else if (months < 0 && start.AddMonths((int)months) < end)
        {
            months++;
        }

        return months;
    }

    /// <summary>A field of the instant's wall-clock time in the zone, as Druid's <c>timestamp_extract</c> computes it.</summary>
    private static long ExtractField(long millis, SqlTimeUnit unit, TimeZoneInfo zone)
    {
        var local = SqlValues.ToLocal(millis, zone);
        return unit switch
        {
            SqlTimeUnit.Epoch => millis / 1000,
            SqlTimeUnit.Millisecond => local.Millisecond,
            SqlTimeUnit.Second => local.Second,
            SqlTimeUnit.Minute => local.Minute,
            SqlTimeUnit.Hour => local.Hour,
            SqlTimeUnit.Day => local.Day,
            SqlTimeUnit.DayOfWeek or SqlTimeUnit.IsoDayOfWeek => local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek,
            SqlTimeUnit.DayOfYear => local.DayOfYear,
            SqlTimeUnit.Week => ISOWeek.GetWeekOfYear(local),
            SqlTimeUnit.Month => local.Month,
            SqlTimeUnit.Quarter => (local.Month - 1) / 3 + 1,
            SqlTimeUnit.Year => local.Year,
            SqlTimeUnit.IsoYear => ISOWeek.GetYear(local),
            SqlTimeUnit.Decade => local.Year / 10,
            SqlTimeUnit.Century => (local.Year + 99) / 100,
            _ => (local.Year + 999) / 1000,
        };
    }

    /// <summary>Unit names looked up without regard to case, listed for error messages.</summary>
    private sealed class FrozenUnits(Dictionary<string, SqlTimeUnit> units)
    {
        public string Names { get; } = string.Join(", ", units.Keys);

        public SqlTimeUnit? Find(string name) => units.TryGetValue(name.Trim(), out var unit) ? unit : null;
    }
}
