using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Realtime.Console.Tests;

/// <summary>
/// One node process for every console test, and the browser that looks at it. The node runs two pipelines: the sample
/// Wikipedia edits, with a line that does not parse and one the transform filter drops, through the <c>local</c> firehose (which end, so their segment is merged, pushed, published and
/// handed off) and an <c>edits</c> pipeline on the Http plugin's <c>receiver</c> firehose, which stays live and persists
/// every 20 rows, so tests can push events and watch them arrive.
/// </summary>
[SetUpFixture]
public sealed class ConsoleNode
{
    /// <summary>Debian's Chromium, as <c>scripts/prerequisites</c> installs it.</summary>
    private const string Chromium = "/usr/lib/chromium/chromium";

    private static NodeWorkspace? _workspace;
    private static ServerProcess? _node;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private static int _pushed;

    internal static NodeWorkspace Workspace => _workspace ?? throw new InvalidOperationException("The node has not started.");

    internal static ServerProcess Node => _node ?? throw new InvalidOperationException("The node has not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: install Debian's chromium (scripts/prerequisites does).");
        _workspace = new NodeWorkspace();
        // The sample edits, one line that does not parse and one that the transform filter throws away.
        _workspace.Write("input/wikipedia.json", File.ReadAllText(NodeWorkspace.SampleData("wikipedia_index_data.json")).TrimEnd()
            + "\n{not json\n" + """{"timestamp": "2013-08-31T12:00:00Z", "page": "Skip me", "added": 1}""" + "\n");
        var spec = _workspace.Write("specs/console.json", Spec(_workspace.PathOf("input")));
        _node = _workspace.Start(spec);
        await _node.WaitForStatusAsync(
            s => s.GetProperty("pipelines").EnumerateArray().Select(p => p.GetProperty("state").GetString()).SequenceEqual(["Finished", "Running"]),
            "the wikipedia pipeline finished and the edits pipeline running");
        await PushEditsAsync(50);
        await _node.WaitForMetricsAsync(m => Counter(m, "realtime_ingest_persists_count_total", "edits") >= 2, "two persists of the edits pipeline");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { Headless = true, ExecutablePath = Chromium, Args = ["--no-sandbox"] });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _workspace?.Dispose();
    }

    /// <summary>A fresh browser context (so nothing carries over between tests) with the node as its base address.</summary>
    public static Task<IBrowserContext> NewContextAsync() =>
        _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1300, Height = 900 }, BaseURL = Node.Http.BaseAddress!.ToString() });

    /// <summary>Pushes <paramref name="count"/> events, a minute apart, to the edits pipeline.</summary>
    public static async Task PushEditsAsync(int count)
    {
        var events = Enumerable.Range(_pushed, count).Select(i => new
        {
            timestamp = new DateTime(2013, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i).ToString("o", CultureInfo.InvariantCulture),
            page = $"Page {i % 7}",
            language = i % 2 == 0 ? "en" : "nl",
            added = i,
        });
        using var response = await Node.Http.PostAsJsonAsync("/druid/worker/v1/chat/edits/push-events", events);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        _pushed += count;
    }

    /// <summary>Saves a screenshot of <paramref name="page"/> as a test artifact (and into <c>REALTIME_CONSOLE_SCREENSHOTS</c> when set).</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Environment.GetEnvironmentVariable("REALTIME_CONSOLE_SCREENSHOTS") is { Length: > 0 } chosen
            ? Path.GetFullPath(chosen)
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddTestAttachment(path, $"The {name} page");
    }

    /// <summary>A counter's value in Prometheus text for one data source, summed over its other labels.</summary>
    public static long Counter(string prometheus, string name, string dataSource) =>
        prometheus.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"data_source=\"{dataSource}\"", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>GETs JSON from the node.</summary>
    public static Task<JsonElement> GetJsonAsync(string path) => Node.Http.GetFromJsonAsync<JsonElement>(path);

    private static string Spec(string input) => $$"""
        [{
          "dataSchema": {
            "dataSource": "wikipedia",
            "parser": { "type": "string", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "auto" },
              "dimensionsSpec": { "dimensions": ["page", "language", "user", "namespace", "country", "city"] } } },
            "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "doubleSum", "name": "added", "fieldName": "added" } ],
            "granularitySpec": { "type": "uniform", "segmentGranularity": "DAY", "queryGranularity": "NONE" },
            "transformSpec": { "filter": { "type": "not", "field": { "type": "selector", "dimension": "page", "value": "Skip me" } } }
          },
          "ioConfig": { "type": "realtime", "firehose": { "type": "local", "baseDir": {{JsonSerializer.Serialize(input)}}, "filter": "*.json" } },
          "tuningConfig": { "type": "realtime", "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
        }, {
          "dataSchema": {
            "dataSource": "edits",
            "parser": { "type": "map", "parseSpec": { "format": "json", "timestampSpec": { "column": "timestamp", "format": "iso" },
              "dimensionsSpec": { "dimensions": ["page", "language"] } } },
            "metricsSpec": [ { "type": "count", "name": "count" }, { "type": "longSum", "name": "added", "fieldName": "added" } ],
            "granularitySpec": { "type": "uniform", "segmentGranularity": "DAY", "queryGranularity": "NONE" }
          },
          "ioConfig": { "type": "realtime", "firehose": { "type": "receiver", "serviceName": "edits", "bufferSize": 10000 } },
          "tuningConfig": { "type": "realtime", "maxRowsInMemory": 20, "basePersistDirectory": "data/persist", "rejectionPolicy": { "type": "none" } }
        }]
        """;
}
