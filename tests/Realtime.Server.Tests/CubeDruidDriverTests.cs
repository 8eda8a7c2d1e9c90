using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.Server.Tests;

/// <summary>
/// Cube's Druid driver (<c>@cubejs-backend/druid-driver</c>, pinned in <c>CubeClient/package-lock.json</c>) against a
/// node holding the wikipedia sample: introspection, the parameterised tables query, statements in the shape Cube
/// generates, one statement from Cube's own generator, typed downloads and the cancel request. Expected values come
/// from the sample's events rolled up as the spec says, not from the node.
/// </summary>
/// <remarks>Needs Node.js and npm on PATH (scripts/prerequisites installs them) and the npm registry for <c>npm ci</c>.</remarks>
[NonParallelizable]
public sealed class CubeDruidDriverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private NodeWorkspace _workspace = null!;
    private ServerProcess _node = null!;
    private JsonObject _cube = null!;
    private JsonObject _spec = null!;
    private List<WikipediaRow> _rows = null!;

    [OneTimeSetUp]
    public async Task RunCubesDriverAgainstTheWikipediaSample()
    {
        var client = Path.Combine(AppContext.BaseDirectory, "CubeClient");
        // Install scripts stay off: the only ones fetch @cubejs-backend/native's platform binary from GitHub, which the
        // driver does not need (see cube-client.js).
        var install = await RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], client);
        Assert.That(install.ExitCode, Is.Zero, $"npm ci in {client} failed:\n{install.Output}");

        _workspace = new NodeWorkspace();
        var data = NodeWorkspace.SampleData("wikipedia_index_data.json");
        var specText = IngestionEndToEndTests.WikipediaSpec(data);
        _spec = JsonNode.Parse(specText)!.AsArray()[0]!.AsObject();
        _rows = RollUp(File.ReadLines(data), _spec);
        _node = _workspace.Start(_workspace.Write("wikipedia.json", specText));
        await _node.WaitForPipelinesAsync("Finished");

        var run = await RunAsync("node", ["cube-client.js", _node.Http.BaseAddress!.ToString().TrimEnd('/')], client);
        Assert.That(run.ExitCode, Is.Zero, $"cube-client.js failed:\n{run.Output}\n--- node ---\n{_node.Output}");
        _cube = JsonNode.Parse(run.Standard)!.AsObject();
    }

    [OneTimeTearDown]
    public async Task StopNode()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _workspace?.Dispose();
    }

    [Test]
    public void Introspection_lists_the_wikipedia_table_in_schema_druid_with_druids_column_types()
    {
        var schemas = _cube["tablesSchema"]!.AsObject();
        var columns = schemas["druid"]?["wikipedia"]?.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["type"]!.GetValue<string>()));

        var expected = new List<(string, string)> { ("__time", "TIMESTAMP") };
        expected.AddRange(Dimensions(_spec).Select(d => (d, "VARCHAR")));
        expected.AddRange(_spec["dataSchema"]!["metricsSpec"]!.AsArray().Select(m => (m!["name"]!.GetValue<string>(), SqlType(m["type"]!.GetValue<string>()))));
        Assert.Multiple(() =>
        {
            Assert.That(schemas.Select(s => s.Key), Is.EqualTo(new[] { "druid" }), "the query leaves out INFORMATION_SCHEMA and sys; only druid has tables here");
            Assert.That(schemas["druid"]!.AsObject().Select(t => t.Key), Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(columns, Is.EquivalentTo(expected));
        });
    }

    [Test]
    public void The_tables_query_with_the_schema_as_a_parameter_lists_wikipedia()
    {
        var tables = _cube["tables"]!.AsArray().Select(t => t!["TABLE_NAME"]!.GetValue<string>());

        Assert.That(tables, Is.EqualTo(new[] { "wikipedia" }));
    }

    [Test]
    public void Counts_between_two_time_parse_parameters_come_biggest_first()
    {
        var rows = Rows("languagesBeforeNoon").Select(r => (r["language"]!.GetValue<string>(), r["count"]!.GetValue<long>())).ToList();

        var from = Instant("2013-08-31T00:00:00Z");
        var to = Instant("2013-08-31T12:00:00Z");
        var expected = _rows.Where(r => r.Time >= from && r.Time < to).GroupBy(r => r.Dimensions["language"]).Select(g => (g.Key, (long)g.Count()));
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EquivalentTo(expected));
            Assert.That(rows.Select(r => r.Item2), Is.Ordered.Descending);
        });
    }

    [Test]
    public void Sums_by_date_trunc_hour_within_the_day()
    {
        var rows = Rows("addedByHour").Select(r => (r["hour"]!.GetValue<string>(), r["added"]!.GetValue<double>()));

        var expected = _rows.Where(r => r.Time >= Instant("2013-08-31T00:00:00Z") && r.Time < Instant("2013-09-01T00:00:00Z"))
            .GroupBy(r => new DateTimeOffset(r.Time.Year, r.Time.Month, r.Time.Day, r.Time.Hour, 0, 0, TimeSpan.Zero))
            .OrderBy(g => g.Key).Select(g => (DruidTime(g.Key), g.Sum(r => r.Added)));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public void A_case_insensitive_contains_with_lower_like_concat_and_escape_matches_the_parameter()
    {
        var rows = Rows("pagesContaining").Select(r => (r["page"]!.GetValue<string>(), r["delta"]!.GetValue<double>()));

        var expected = _rows.Where(r => r.Dimensions["page"]!.Contains("er", StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => r.Dimensions["page"]!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(r => r.Delta)));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public void The_time_zone_conversion_through_time_format_and_cast_buckets_by_local_day()
    {
        var rows = Rows("rowsByLosAngelesDay").Select(r => (r["day"]!.GetValue<string>(), r["count"]!.GetValue<long>()));

        var expected = _rows.GroupBy(r => LocalDay(r.Time, "America/Los_Angeles")).OrderBy(g => g.Key).Select(g => (DruidTime(g.Key), (long)g.Count()));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public void The_statement_cubes_druid_query_generates_answers_the_cube_query()
    {
        var generated = _cube["generated"]!;
        var sql = generated["sql"]!.GetValue<string>();
        var rows = generated["rows"]!.AsArray().Select(r => (
            r!["wikipedia__language"]!.GetValue<string>(),
            r["wikipedia__time_day"]!.GetValue<string>(),
            r["wikipedia__count"]!.GetValue<long>(),
            r["wikipedia__added"]!.GetValue<double>()));

        // The Cube query in cube-client.js: count and sum of added by language and Los Angeles day, for the days
        // 2013-08-30 and 2013-08-31 there, pages containing "A" in any case, biggest count first, then by language.
        var expected = _rows
            .Where(r => LocalDay(r.Time, "America/Los_Angeles") is var day && day >= Instant("2013-08-30T00:00:00Z") && day <= Instant("2013-08-31T00:00:00Z"))
            .Where(r => r.Dimensions["page"]!.Contains('a', StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => (Language: r.Dimensions["language"]!, Day: LocalDay(r.Time, "America/Los_Angeles")))
            .Select(g => (g.Key.Language, DruidTime(g.Key.Day), (long)g.Count(), g.Sum(r => r.Added)))
            .OrderByDescending(r => r.Item3).ThenBy(r => r.Item1, StringComparer.Ordinal).Take(10);
        Assert.Multiple(() =>
        {
            Assert.That(sql, Does.Contain("DATE_TRUNC('day', CAST(TIME_FORMAT(\"wikipedia\".__time, 'yyyy-MM-dd HH:mm:ss', 'America/Los_Angeles') AS TIMESTAMP))"));
            Assert.That(sql, Does.Contain("TIME_PARSE(?)").And.Contain("LIKE CONCAT('%', LOWER(?), '%')"));
            Assert.That(generated["params"]!.AsArray().Select(p => p!.GetValue<string>()).ToList(), Has.Count.EqualTo(3).And.Contains("A"));
            Assert.That(rows, Is.EqualTo(expected), sql);
        });
    }

    [Test]
    public void Downloads_take_column_types_from_the_sql_types_header()
    {
        var download = _cube["download"]!;
        var types = download["types"]!.AsArray().Select(t => (t!["name"]!.GetValue<string>(), t["type"]!.GetValue<string>()));

        Assert.Multiple(() =>
        {
            Assert.That(types, Is.EqualTo(new[] { ("language", "text"), ("count", "bigint") }), "Cube's generic types for VARCHAR and BIGINT");
            Assert.That(download["rows"]!.ToJsonString(), Is.EqualTo(_cube["queries"]!["languagesBeforeNoon"]!.ToJsonString()));
        });
    }

    [Test]
    public void The_drivers_cancel_request_reaches_the_native_cancel_endpoint()
    {
        var status = _cube["cancel"]!["status"]!.GetValue<int>();

        // Druid answers 202 whatever the id; the node answers 404 for an id that is not running. Cube ignores either.
        Assert.That(status, Is.AnyOf(202, 404));
    }

    private IEnumerable<JsonNode> Rows(string query) => _cube["queries"]![query]!.AsArray().Select(r => r!);

    private static IEnumerable<string> Dimensions(JsonObject spec) =>
        spec["dataSchema"]!["parser"]!["parseSpec"]!["dimensionsSpec"]!["dimensions"]!.AsArray().Select(d => d!.GetValue<string>());

    /// <summary>The SQL type Druid reports for a column stored by a metric of this aggregator type.</summary>
    private static string SqlType(string aggregator) => aggregator switch
    {
        "count" or "longSum" or "longMin" or "longMax" => "BIGINT",
        "doubleSum" or "doubleMin" or "doubleMax" => "DOUBLE",
        "floatSum" or "floatMin" or "floatMax" => "FLOAT",
        _ => "OTHER",
    };

    /// <summary>The sample's events as the node stores them: one row per timestamp and dimension values, metrics summed.</summary>
    private static List<WikipediaRow> RollUp(IEnumerable<string> lines, JsonObject spec)
    {
        var queryGranularity = spec["dataSchema"]!["granularitySpec"]!["queryGranularity"]!.GetValue<string>();
        Assert.That(queryGranularity, Is.EqualTo("NONE").IgnoreCase, "the roll-up below keeps timestamps as they are");
        var dimensions = Dimensions(spec).ToList();
        return lines.Select(l => JsonNode.Parse(l)!.AsObject())
            .GroupBy(e => (Time: Instant(e["timestamp"]!.GetValue<string>()), Key: string.Join('\u0001', dimensions.Select(d => e[d]?.GetValue<string>() ?? "\u0002"))))
            .Select(g => new WikipediaRow(
                g.Key.Time,
                dimensions.ToDictionary(d => d, d => g.First()[d]?.GetValue<string>()),
                g.Sum(e => e["added"]!.GetValue<double>()),
                g.Sum(e => e["delta"]!.GetValue<double>())))
            .ToList();
    }

    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The local date of <paramref name="time"/> in <paramref name="zone"/>, as a UTC midnight (what DATE_TRUNC of the converted timestamp gives).</summary>
    private static DateTimeOffset LocalDay(DateTimeOffset time, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, TimeSpan.Zero);
    }

    private static string DruidTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task<(int ExitCode, string Standard, string Output)> RunAsync(string program, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return await ChildCommand.RunAsync(start, Patience);
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"'{program}' could not be started ({e.Message}): Cube's driver runs on Node.js with npm; scripts/prerequisites installs them.");
            throw;
        }
    }

    private sealed record WikipediaRow(DateTimeOffset Time, IReadOnlyDictionary<string, string?> Dimensions, double Added, double Delta);
}
