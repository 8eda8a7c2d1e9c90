using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Core.Security;
using Realtime.Core.Sql;
using Realtime.Core.Tests.Query;
using Realtime.Core.Tests.Sql.Differential;

namespace Realtime.Core.Tests.Sql.Golden;

/// <summary>
/// The queries of Druid's SQL documentation and tutorial, adapted to the five wikipedia edits of the sample data
/// (table <c>events</c>; <c>channel</c> becomes <c>language</c> or <c>namespace</c>), and the introspection queries BI
/// tools send first, over the data ingested with the sample spec in four layouts. Expected rows are computed here
/// with LINQ over the raw events file (each event is its own row: the timestamps differ and the query granularity
/// is none), never by the engine.
/// </summary>
[TestFixture(Layout.InMemory)]
[TestFixture(Layout.Persisted)]
[TestFixture(Layout.HandedOff)]
[TestFixture(Layout.Mixed)]
public class WikipediaSqlTests(Layout layout)
{
    private const string Day = "__time BETWEEN TIMESTAMP '2013-08-31 00:00:00' AND TIMESTAMP '2013-09-01 00:00:00'";

    private static readonly string[] Dimensions =
        ["page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city"];

    private static readonly string[] Metrics = ["added", "deleted", "delta"];

    private QueryCluster _cluster = null!;
    private SqlEngine _engine = null!;
    private List<Edit> _edits = null!;

    /// <summary>One raw wikipedia event: an empty or missing text is null, as the node stores it.</summary>
    public sealed record Edit(long Time, IReadOnlyDictionary<string, string?> Dims, double Added, double Deleted, double Delta)
    {
        public string? Page => Dims["page"];

        public string? Language => Dims["language"];

        public string? User => Dims["user"];

        public string? Robot => Dims["robot"];

        public string? Namespace => Dims["namespace"];

        public string? Continent => Dims["continent"];

        public string? Country => Dims["country"];

        public string? City => Dims["city"];

        public string? Region => Dims["region"];
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _edits = [.. (await WikipediaSample.EventsAsync()).Select(ParseEdit)];
        _cluster = await WikipediaSample.StartAsync(layout);
        _engine = new SqlEngine(_cluster.Executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public void TheRawDataIsTheFiveEditsTheTestsAssume()
    {
        // The hand-written literals below rely on these facts about the sample file.
        Assert.That(_edits, Has.Count.EqualTo(5));
        Assert.That(_edits.Select(e => e.Time).Distinct().Count(), Is.EqualTo(5));
        Assert.That(_edits.Sum(e => e.Added), Is.EqualTo(1545));
    }

    // ---- docs/tutorials/tutorial-query.md ----

    [Test]
    public async Task TopPagesByEdits()
    {
        var result = await RunAsync($"SELECT page, COUNT(*) AS Edits FROM events WHERE {Day} GROUP BY page ORDER BY Edits DESC LIMIT 10");
        AssertColumns(result, ("page", SqlColumnType.Varchar), ("Edits", SqlColumnType.Bigint));
        var expected = _edits.GroupBy(e => e.Page).Select(g => Row(g.Key, (long)g.Count())).ToList();

        // Every page has one edit, so the order among them is not defined: compare as a multiset, then check the order.
        AssertRows(expected, result, ordered: false);
        var edits = result.Rows.Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ToList();
        Assert.That(edits, Is.Ordered.Descending);
    }

    [Test]
    public async Task LinesDeletedPerHour()
    {
        var result = await RunAsync($"SELECT FLOOR(__time TO HOUR) AS HourTime, SUM(deleted) AS LinesDeleted FROM events WHERE {Day} GROUP BY 1");
        AssertColumns(result, ("HourTime", SqlColumnType.Timestamp), ("LinesDeleted", SqlColumnType.Double));
        var expected = _edits.GroupBy(e => e.Time - (e.Time % 3_600_000)).Select(g => Row(g.Key, g.Sum(e => e.Deleted))).ToList();
        AssertRows(expected, result, ordered: false);
        AssertRows([Row(Millis("2013-08-31T01:00:00Z"), 200.0), Row(Millis("2013-08-31T03:00:00Z"), 129.0), Row(Millis("2013-08-31T07:00:00Z"), 12.0),
            Row(Millis("2013-08-31T11:00:00Z"), 5.0), Row(Millis("2013-08-31T12:00:00Z"), 10.0)], result, ordered: false);
    }

    [Test]
    public async Task AddedByLanguageAndPageLargestFirst()
    {
        var result = await RunAsync($"SELECT language, page, SUM(added) FROM events WHERE {Day} GROUP BY language, page ORDER BY SUM(added) DESC");
        AssertColumns(result, ("language", SqlColumnType.Varchar), ("page", SqlColumnType.Varchar), ("EXPR$2", SqlColumnType.Double));
        var expected = _edits.GroupBy(e => (e.Language, e.Page)).Select(g => (g.Key, Sum: g.Sum(e => e.Added)))
            .OrderByDescending(g => g.Sum).Select(g => Row(g.Key.Language, g.Key.Page, g.Sum)).ToList();
        AssertRows(expected, result, ordered: true);
    }

    [Test]
    public async Task RawUsersAndPagesOfATimeWindow()
    {
        var result = await RunAsync("""SELECT "user", page FROM events WHERE __time BETWEEN TIMESTAMP '2013-08-31 02:00:00' AND TIMESTAMP '2013-08-31 08:00:00' LIMIT 5""");
        AssertColumns(result, ("user", SqlColumnType.Varchar), ("page", SqlColumnType.Varchar));
        var from = Millis("2013-08-31T02:00:00Z");
        var to = Millis("2013-08-31T08:00:00Z");
        var expected = _edits.Where(e => e.Time >= from && e.Time <= to).Select(e => Row(e.User, e.Page)).ToList();
        Assert.That(expected, Has.Count.EqualTo(2));
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task ALimitBelowTheRowCountReturnsThatManyOfTheRows()
    {
        var result = await RunAsync("""SELECT "user", page FROM events LIMIT 3""");
        var all = _edits.Select(e => Row(e.User, e.Page)).ToList();
        Assert.That(result.Rows, Has.Count.EqualTo(3));
        foreach (var row in result.Rows)
        {
            Assert.That(all.Any(r => SqlRows.RowsEqual(r, row)), Is.True, $"{SqlRows.Format(row)} is not a row of the data");
        }

        Assert.That(result.Rows.Select(r => r[1]).Distinct().Count(), Is.EqualTo(3), "three different edits");
    }

    // ---- COUNT(*) with filters ----

    public static IEnumerable<TestCaseData> Filters()
    {
        yield return Filter("language = 'en'", e => e.Language == "en");
        yield return Filter("language <> 'en'", e => e.Language is not null && e.Language != "en");
        yield return Filter("robot = 'true' AND namespace = 'wikipedia'", e => e.Robot == "true" && e.Namespace == "wikipedia");
        yield return Filter("robot = 'false' OR continent = 'Australia'", e => e.Robot == "false" || e.Continent == "Australia");
        yield return Filter("NOT (continent = 'Asia') OR delta < 0", e => e.Continent != "Asia" || e.Delta < 0);
        yield return Filter("added > 100", e => e.Added > 100);
        yield return Filter("added BETWEEN 100 AND 500", e => e.Added >= 100 && e.Added <= 500);
        yield return Filter("added + deleted > 500", e => e.Added + e.Deleted > 500);
        yield return Filter("page LIKE 'C%'", e => e.Page!.StartsWith('C'));
        yield return Filter("page LIKE '%o%'", e => e.Page!.Contains('o', StringComparison.Ordinal));
        yield return Filter("page LIKE '_r%'", e => e.Page!.Length > 1 && e.Page[1] == 'r');
        yield return Filter("page NOT LIKE '% %'", e => !e.Page!.Contains(' ', StringComparison.Ordinal));
        yield return Filter("LOWER(page) LIKE '%typhoon%'", e => e.Page!.Contains("typhoon", StringComparison.OrdinalIgnoreCase));
        yield return Filter("country IN ('China', 'Japan', 'Narnia')", e => e.Country is "China" or "Japan" or "Narnia");
        yield return Filter("country NOT IN ('China', 'Japan')", e => e.Country is not null and not "China" and not "Japan");
        yield return Filter("__time >= TIMESTAMP '2013-08-31 06:00:00' AND __time < TIMESTAMP '2013-08-31 12:00:00'",
            e => e.Time >= Millis("2013-08-31T06:00:00Z") && e.Time < Millis("2013-08-31T12:00:00Z"));
        yield return Filter("__time < TIMESTAMP '2013-08-31 01:02:33'", e => e.Time < Millis("2013-08-31T01:02:33Z"));
        yield return Filter("city IS NULL", e => e.City is null);
        yield return Filter("region IS NOT NULL", e => e.Region is not null);
        yield return Filter("\"user\" = 'nobody'", e => e.User == "nobody");
        yield return Filter("\"count\" = 1", e => true);
        yield return Filter("CHAR_LENGTH(page) > 12", e => e.Page!.Length > 12);
    }

    [TestCaseSource(nameof(Filters))]
    public async Task CountWithAFilter(string condition, Func<Edit, bool> predicate)
    {
        var result = await RunAsync($"SELECT COUNT(*) AS edits FROM events WHERE {condition}");
        AssertRows([Row((long)_edits.Count(predicate))], result, ordered: true);
    }

    [Test]
    public async Task AggregatesOfNoRowsAreNullExceptCount()
    {
        var result = await RunAsync("SELECT COUNT(*), COUNT(page), SUM(added), MIN(added), MAX(added), AVG(added) FROM events WHERE language = 'xx'");
        AssertRows([Row(0L, 0L, null, null, null, null)], result, ordered: true);
    }

    [Test]
    public async Task FilteredAggregatesSplitOneScan()
    {
        var result = await RunAsync("""
            SELECT SUM(added) FILTER (WHERE robot = 'true') AS robot_added,
                   SUM(added) FILTER (WHERE robot = 'false') AS human_added,
                   COUNT(*) FILTER (WHERE language = 'xx') AS none
            FROM events
            """);
        AssertRows([Row(_edits.Where(e => e.Robot == "true").Sum(e => e.Added), _edits.Where(e => e.Robot == "false").Sum(e => e.Added), 0L)], result, ordered: true);
        AssertRows([Row(1488.0, 57.0, 0L)], result, ordered: true);
    }

    // ---- docs/querying/sql.md: GROUP BY forms, HAVING, DISTINCT, UNION ALL, subqueries, WITH ----

    [Test]
    public async Task GroupingSetsGiveSubtotalsAndATotal()
    {
        var result = await RunAsync("""
            SELECT namespace, language, SUM(added) AS added, COUNT(*) AS edits
            FROM events
            GROUP BY GROUPING SETS ((namespace, language), (namespace), ())
            """);
        var expected = _edits.GroupBy(e => (e.Namespace, e.Language)).Select(g => Row(g.Key.Namespace, g.Key.Language, g.Sum(e => e.Added), (long)g.Count()))
            .Concat(_edits.GroupBy(e => e.Namespace).Select(g => Row(g.Key, null, g.Sum(e => e.Added), (long)g.Count())))
            .Append(Row(null, null, _edits.Sum(e => e.Added), (long)_edits.Count))
            .ToList();
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task RollupGivesContinentSubtotalsAndATotal()
    {
        var result = await RunAsync("SELECT continent, country, COUNT(*) AS edits FROM events GROUP BY ROLLUP (continent, country)");
        var expected = _edits.GroupBy(e => (e.Continent, e.Country)).Select(g => Row(g.Key.Continent, g.Key.Country, (long)g.Count()))
            .Concat(_edits.GroupBy(e => e.Continent).Select(g => Row(g.Key, null, (long)g.Count())))
            .Append(Row(null, null, (long)_edits.Count))
            .ToList();
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task CubeGivesEveryCombinationOfKeys()
    {
        var result = await RunAsync("SELECT namespace, robot, SUM(delta) AS delta FROM events GROUP BY CUBE (namespace, robot)");
        var expected = _edits.GroupBy(e => (e.Namespace, e.Robot)).Select(g => Row(g.Key.Namespace, g.Key.Robot, g.Sum(e => e.Delta)))
            .Concat(_edits.GroupBy(e => e.Namespace).Select(g => Row(g.Key, null, g.Sum(e => e.Delta))))
            .Concat(_edits.GroupBy(e => e.Robot).Select(g => Row(null, g.Key, g.Sum(e => e.Delta))))
            .Append(Row(null, null, _edits.Sum(e => e.Delta)))
            .ToList();
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task HavingKeepsTheLargerNamespace()
    {
        var result = await RunAsync("SELECT namespace, COUNT(*) AS edits, SUM(added) AS added FROM events GROUP BY namespace HAVING COUNT(*) > 2");
        var expected = _edits.GroupBy(e => e.Namespace).Where(g => g.Count() > 2).Select(g => Row(g.Key, (long)g.Count(), g.Sum(e => e.Added))).ToList();
        AssertRows(expected, result, ordered: false);
        AssertRows([Row("wikipedia", 3L, 1365.0)], result, ordered: false);
    }

    [Test]
    public async Task HavingOnASumKeepsLanguagesThatLostText()
    {
        var result = await RunAsync("SELECT language, SUM(delta) AS delta FROM events GROUP BY language HAVING SUM(delta) < 0");
        var expected = _edits.GroupBy(e => e.Language).Where(g => g.Sum(e => e.Delta) < 0).Select(g => Row(g.Key, g.Sum(e => e.Delta))).ToList();
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task DistinctContinents()
    {
        var result = await RunAsync("SELECT DISTINCT continent FROM events");
        AssertRows([.. _edits.Select(e => e.Continent).Distinct().Select(c => Row(c))], result, ordered: false);
    }

    [Test]
    public async Task ExactCountDistinctOfUsersAndContinents()
    {
        var result = await RunAsync("""SELECT COUNT(DISTINCT "user") AS users, COUNT(DISTINCT continent) AS continents FROM events""",
            context: new JsonObject { ["useApproximateCountDistinct"] = false });
        AssertRows([Row((long)_edits.Select(e => e.User).Distinct().Count(), (long)_edits.Select(e => e.Continent).Distinct().Count())], result, ordered: true);
    }

    [Test]
    public async Task UnionAllOfTwoCounts()
    {
        var result = await RunAsync("""
            SELECT 'en' AS lang, COUNT(*) AS edits FROM events WHERE language = 'en'
            UNION ALL
            SELECT 'zh' AS lang, COUNT(*) AS edits FROM events WHERE language = 'zh'
            """);
        AssertRows([Row("en", (long)_edits.Count(e => e.Language == "en")), Row("zh", (long)_edits.Count(e => e.Language == "zh"))], result, ordered: false);
    }

    [Test]
    public async Task AnAggregateOverAGroupedSubquery()
    {
        var result = await RunAsync("SELECT AVG(edits) AS avg_edits, MAX(edits) AS max_edits FROM (SELECT namespace, COUNT(*) AS edits FROM events GROUP BY namespace)");
        var counts = _edits.GroupBy(e => e.Namespace).Select(g => (long)g.Count()).ToList();
        AssertColumns(result, ("avg_edits", SqlColumnType.Double), ("max_edits", SqlColumnType.Bigint));
        AssertRows([Row(counts.Average(), counts.Max())], result, ordered: true);
    }

    [Test]
    public async Task AFilterOverAWithClause()
    {
        var result = await RunAsync("WITH changes AS (SELECT page, added - deleted AS net FROM events) SELECT page, net FROM changes WHERE net > 100 ORDER BY net DESC");
        var expected = _edits.Select(e => (e.Page, Net: e.Added - e.Deleted)).Where(e => e.Net > 100).OrderByDescending(e => e.Net).Select(e => Row(e.Page, e.Net)).ToList();
        AssertRows(expected, result, ordered: true);
    }

    [Test]
    public async Task ScanOrderedByTimeNewestFirst()
    {
        var result = await RunAsync("SELECT __time, page FROM events ORDER BY __time DESC LIMIT 2");
        AssertColumns(result, ("__time", SqlColumnType.Timestamp), ("page", SqlColumnType.Varchar));
        AssertRows([.. _edits.OrderByDescending(e => e.Time).Take(2).Select(e => Row(e.Time, e.Page))], result, ordered: true);
    }

    [Test]
    public async Task FirstAndLastEditTimes()
    {
        var result = await RunAsync("SELECT MIN(__time) AS first_edit, MAX(__time) AS last_edit FROM events");
        AssertRows([Row(_edits.Min(e => e.Time), _edits.Max(e => e.Time))], result, ordered: true);
        AssertRows([Row(Millis("2013-08-31T01:02:33Z"), Millis("2013-08-31T12:41:27Z"))], result, ordered: true);
    }

    [Test]
    public async Task SelectStarHasTimeFirstThenColumnsByName()
    {
        var result = await RunAsync("SELECT * FROM events WHERE page = 'Gypsy Danger'");
        var names = ExpectedColumnNames();
        Assert.That(result.Columns.Select(c => c.Name), Is.EqualTo(names));
        var edit = _edits.Single(e => e.Page == "Gypsy Danger");
        var expected = names.Select(n => n switch
        {
            "__time" => edit.Time,
            "count" => 1L,
            "added" => edit.Added,
            "deleted" => edit.Deleted,
            "delta" => edit.Delta,
            _ => (object?)edit.Dims[n],
        }).ToArray();
        AssertRows([expected], result, ordered: true);
    }

    // ---- scalar functions: CASE, COALESCE, NULLIF, TIME_FLOOR, TIME_FORMAT, strings, integer division ----

    [Test]
    public async Task CaseBucketsEditsBySize()
    {
        var result = await RunAsync("SELECT CASE WHEN added >= 100 THEN 'large' ELSE 'small' END AS size, COUNT(*) AS edits FROM events GROUP BY 1");
        AssertRows([.. _edits.GroupBy(e => e.Added >= 100 ? "large" : "small").Select(g => Row(g.Key, (long)g.Count()))], result, ordered: false);
    }

    [Test]
    public async Task CoalesceReplacesANullIf()
    {
        var result = await RunAsync("SELECT page, COALESCE(NULLIF(language, 'en'), 'english') AS lang FROM events");
        AssertRows([.. _edits.Select(e => Row(e.Page, e.Language == "en" ? "english" : e.Language))], result, ordered: false);
    }

    [Test]
    public async Task TimeFloorToSixHoursFormatted()
    {
        var result = await RunAsync("""
            SELECT TIME_FORMAT(TIME_FLOOR(__time, 'PT6H'), 'yyyy-MM-dd HH:mm') AS period, SUM("count") AS edits, SUM(added) AS added
            FROM events GROUP BY 1 ORDER BY period
            """);
        var expected = _edits.GroupBy(e => e.Time - (e.Time % (6 * 3_600_000L))).OrderBy(g => g.Key)
            .Select(g => Row(DateTimeOffset.FromUnixTimeMilliseconds(g.Key).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), (long)g.Count(), g.Sum(e => e.Added)))
            .ToList();
        AssertRows(expected, result, ordered: true);
        AssertRows([Row("2013-08-31 00:00", 2L, 516.0), Row("2013-08-31 06:00", 2L, 1028.0), Row("2013-08-31 12:00", 1L, 1.0)], result, ordered: true);
    }

    [Test]
    public async Task TimeFloorToAnHourIsATimestamp()
    {
        var result = await RunAsync("SELECT TIME_FLOOR(__time, 'PT1H') AS h, COUNT(*) AS edits FROM events WHERE namespace = 'wikipedia' GROUP BY 1");
        AssertColumns(result, ("h", SqlColumnType.Timestamp), ("edits", SqlColumnType.Bigint));
        AssertRows([.. _edits.Where(e => e.Namespace == "wikipedia").GroupBy(e => e.Time - (e.Time % 3_600_000)).Select(g => Row(g.Key, (long)g.Count()))], result, ordered: false);
    }

    [Test]
    public async Task TimeFormatGroupsEditsByHourOfDay()
    {
        var result = await RunAsync("""SELECT TIME_FORMAT(__time, 'HH') AS "hour", COUNT(*) AS edits FROM events GROUP BY 1""");
        AssertRows([.. _edits.GroupBy(e => DateTimeOffset.FromUnixTimeMilliseconds(e.Time).ToString("HH", CultureInfo.InvariantCulture)).Select(g => Row(g.Key, (long)g.Count()))],
            result, ordered: false);
    }

    [Test]
    public async Task StringFunctionsOverPages()
    {
        var result = await RunAsync("SELECT UPPER(language) AS lang, CHAR_LENGTH(page) AS len, SUBSTRING(page, 1, 3) AS prefix, LOWER(page) || '!' AS shout FROM events");
        AssertRows([.. _edits.Select(e => Row(e.Language!.ToUpperInvariant(), (long)e.Page!.Length, e.Page[..3], e.Page.ToLowerInvariant() + "!"))], result, ordered: false);
    }

    [Test]
    public async Task IntegerDivisionTruncates()
    {
        var result = await RunAsync("SELECT SUM(\"count\") / 2 AS half, SUM(\"count\") * 1.0 / 2 AS exact FROM events");
        AssertRows([Row((long)_edits.Count / 2, _edits.Count / 2.0)], result, ordered: true);
    }

    // ---- introspection (druid-cluster-reference E.4) ----

    [Test]
    public async Task SupersetPing()
    {
        var result = await RunAsync("SELECT 1");
        AssertRows([Row(1L)], result, ordered: true);
    }

    [Test]
    public async Task SupersetSchemas()
    {
        var result = await RunAsync("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA");
        AssertColumns(result, ("SCHEMA_NAME", SqlColumnType.Varchar));
        var names = result.Rows.Select(r => r[0] as string).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.SupersetOf(new[] { "druid", "INFORMATION_SCHEMA", "sys" }));
    }

    [Test]
    public async Task SupersetTablesOfTheDruidSchema()
    {
        var result = await RunAsync("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'");
        AssertRows([Row(QueryCluster.DataSource)], result, ordered: false);
    }

    [TestCase(QueryCluster.DataSource, true)]
    [TestCase("wikipedia_missing", false)]
    public async Task SupersetHasTable(string table, bool exists)
    {
        var result = await RunAsync($"SELECT COUNT(*) > 0 AS exists_ FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '{table}'");
        AssertColumns(result, ("exists_", SqlColumnType.Boolean));
        Assert.That(result.Rows, Has.Count.EqualTo(1));
        Assert.That(result.Rows[0][0], Is.EqualTo(exists));
    }

    [Test]
    public async Task SupersetColumnsOfTheTable()
    {
        var result = await RunAsync(
            $"SELECT COLUMN_NAME, JDBC_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '{QueryCluster.DataSource}' AND TABLE_SCHEMA = 'druid'");
        AssertColumns(result, ("COLUMN_NAME", SqlColumnType.Varchar), ("JDBC_TYPE", SqlColumnType.Bigint), ("IS_NULLABLE", SqlColumnType.Varchar), ("COLUMN_DEFAULT", SqlColumnType.Varchar));
        var expected = ExpectedColumnNames().Select(n => Row(n, (long)JdbcType(n), n == "__time" ? "NO" : "YES", "")).ToList();
        AssertRows(expected, result, ordered: false);
    }

    [Test]
    public async Task ColumnsAreNumberedTimeFirstThenByName()
    {
        var result = await RunAsync($"SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '{QueryCluster.DataSource}' ORDER BY ORDINAL_POSITION");
        var expected = ExpectedColumnNames().Select((n, i) => Row(n, (long)(i + 1), DataType(n))).ToList();
        AssertRows(expected, result, ordered: true);
    }

    [Test]
    public async Task CubeColumnsOutsideTheSystemSchemas()
    {
        var result = await RunAsync("""
            SELECT COLUMN_NAME as "column_name", TABLE_NAME as "table_name", TABLE_SCHEMA as "table_schema", DATA_TYPE as "data_type"
            FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA NOT IN ('INFORMATION_SCHEMA', 'sys')
            """);
        AssertColumns(result, ("column_name", SqlColumnType.Varchar), ("table_name", SqlColumnType.Varchar), ("table_schema", SqlColumnType.Varchar), ("data_type", SqlColumnType.Varchar));
        AssertRows([.. ExpectedColumnNames().Select(n => Row(n, QueryCluster.DataSource, "druid", DataType(n)))], result, ordered: false);
    }

    [Test]
    public async Task CubeTablesOfASchemaGivenAsAParameter()
    {
        var result = await RunAsync("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?", [new SqlParameterValue("VARCHAR", JsonValue.Create("druid"))]);
        AssertRows([Row(QueryCluster.DataSource)], result, ordered: false);

        var information = await RunAsync("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?", [new SqlParameterValue("VARCHAR", JsonValue.Create("INFORMATION_SCHEMA"))]);
        Assert.That(information.Rows.Select(r => r[0]), Is.SupersetOf(new[] { "COLUMNS", "SCHEMATA", "TABLES" }));
    }

    // ---- helpers ----

    private static TestCaseData Filter(string condition, Func<Edit, bool> predicate) =>
        new TestCaseData(condition, predicate).SetArgDisplayNames(condition);

    private static object?[] Row(params object?[] values) => values;

    private static long Millis(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static Edit ParseEdit(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var dims = Dimensions.ToDictionary(d => d, d => node[d]?.GetValue<string>() is { Length: > 0 } s ? s : null);
        return new Edit(Millis(node["timestamp"]!.GetValue<string>()), dims,
            node["added"]!.GetValue<double>(), node["deleted"]!.GetValue<double>(), node["delta"]!.GetValue<double>());
    }

    /// <summary>The table's columns as Druid SQL shows them: <c>__time</c>, then dimensions and metrics by name.</summary>
    private static List<string> ExpectedColumnNames() =>
        ["__time", .. Dimensions.Concat(Metrics).Append("count").Order(StringComparer.Ordinal)];

    private static string DataType(string column) => column switch
    {
        "__time" => "TIMESTAMP",
        "count" => "BIGINT",
        "added" or "deleted" or "delta" => "DOUBLE",
        _ => "VARCHAR",
    };

    private static int JdbcType(string column) => DataType(column) switch
    {
        "TIMESTAMP" => 93,
        "BIGINT" => -5,
        "DOUBLE" => 8,
        _ => 12,
    };

    private async Task<SqlResult> RunAsync(string sql, IReadOnlyList<SqlParameterValue>? parameters = null, JsonObject? context = null) =>
        await _engine.ExecuteAsync(new SqlRequest(sql, parameters, context), CancellationToken.None);

    private static void AssertColumns(SqlResult result, params (string Name, SqlColumnType Type)[] columns) =>
        Assert.That(result.Columns.Select(c => (c.Name, c.Type)), Is.EqualTo(columns), "result columns");

    private static void AssertRows(IReadOnlyList<object?[]> expected, SqlResult result, bool ordered)
    {
        var difference = SqlRows.Difference(expected, result.Rows, ordered);
        Assert.That(difference, Is.Null, $"{difference}\nexpected:\n{SqlRows.FormatRows(expected)}\nactual:\n{SqlRows.FormatRows(result.Rows)}");
        Assert.That(SqlRows.TypeViolation(result), Is.Null, "values have the types of their columns");
    }
}
