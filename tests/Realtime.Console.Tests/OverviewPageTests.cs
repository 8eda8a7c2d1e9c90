using System.Diagnostics;
using System.Text.Json;

namespace Realtime.Console.Tests;

public class OverviewPageTests : ConsolePageTest
{
    private static readonly (string Field, string Metric)[] Counts =
    [
        ("processed", "realtime_ingest_events_processed_total"),
        ("unparseable", "realtime_ingest_events_unparseable_total"),
        ("thrownAway", "realtime_ingest_events_thrown_away_total"),
        ("duplicate", "realtime_ingest_events_duplicate_total"),
        ("persists", "realtime_ingest_persists_count_total"),
        ("handoffs", "realtime_ingest_handoff_count_total"),
    ];

    [Test]
    public async Task ShowsTheNodeItsRoleAndItsPluginsWithTheirTypes()
    {
        await OpenAsync("overview", "[data-pipeline]");
        var status = await ConsoleNode.GetJsonAsync("/status");

        Assert.Multiple(async () =>
        {
            Assert.That(status.GetProperty("realtimeVersion").GetString(), Does.StartWith((await Page.GetByTestId("version").InnerTextAsync()).Trim()));
            Assert.That(await Page.GetByTestId("role").InnerTextAsync(), Is.EqualTo("realtime"));
            Assert.That(await Page.GetByTestId("uptime").InnerTextAsync(), Does.Match(@"^(\d+[dhm] )*\d+s$"));
            Assert.That(await Page.Locator("[data-plugin='Http'] td[data-key='types']").InnerTextAsync(), Does.Contain("receiver").And.Contain("http"));
        });
    }

    [Test]
    public async Task PipelineCountsEqualTheNodesMetrics()
    {
        await OpenAsync("overview", "[data-pipeline]");

        // The page reads /metrics every two seconds: wait until a reading matches the node's, then compare every count.
        var deadline = Stopwatch.StartNew();
        string mismatch;
        do
        {
            mismatch = await MismatchAsync();
            if (mismatch.Length == 0)
            {
                break;
            }

            await Task.Delay(500);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(20));

        Assert.That(mismatch, Is.Empty);
        Assert.That(Number(await Page.Locator("[data-pipeline='edits'] td[data-key='processed']").InnerTextAsync()), Is.GreaterThanOrEqualTo(50));
        Assert.That(Number(await Page.Locator("[data-pipeline='wikipedia'] td[data-key='unparseable']").InnerTextAsync()), Is.EqualTo(1));
        Assert.That(Number(await Page.Locator("[data-pipeline='wikipedia'] td[data-key='thrownAway']").InnerTextAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task ChartsEventsPerSecondAsTheyArrive()
    {
        await OpenAsync("overview", "[data-pipeline]");
        await Page.WaitForFunctionAsync("() => Number(document.getElementById('main').dataset.refreshed) >= 1");

        // Push for about nine seconds, so that the chart draws several readings while events arrive.
        var pushing = Task.Run(async () =>
        {
            for (var batch = 0; batch < 20; batch++)
            {
                await ConsoleNode.PushEditsAsync(25);
                await Task.Delay(400);
            }
        });
        var latest = await Page.WaitForFunctionAsync(
            """
            () => {
              const rates = document.querySelector('[data-testid=rates]').dataset.latest;
              return Number(document.getElementById('main').dataset.refreshed) >= 4 && rates && JSON.parse(rates).edits > 0 && rates;
            }
            """,
            null, new() { Timeout = 30_000 });
        var rates = JsonDocument.Parse(await latest.JsonValueAsync<string>()).RootElement;
        await ConsoleNode.ScreenshotAsync(Page, "overview");
        await pushing;

        Assert.Multiple(async () =>
        {
            Assert.That(rates.GetProperty("edits").GetDouble(), Is.GreaterThan(0));
            Assert.That(rates.GetProperty("wikipedia").GetDouble(), Is.Zero, "the wikipedia pipeline has finished");
            Assert.That(await Page.Locator("[data-testid=rate-chart] canvas").CountAsync(), Is.EqualTo(1));
            Assert.That(await Page.Locator("[data-testid=rate-chart] .u-legend").InnerTextAsync(), Does.Contain("edits").And.Contain("wikipedia"));
        });
    }

    /// <summary>What the page shows that differs from the node's /metrics and /status now, or "" when nothing does.</summary>
    private async Task<string> MismatchAsync()
    {
        var metrics = await ConsoleNode.Node.MetricsAsync();
        var status = await ConsoleNode.GetJsonAsync("/status");
        var differences = new List<string>();
        foreach (var pipeline in status.GetProperty("pipelines").EnumerateArray())
        {
            var name = pipeline.GetProperty("dataSource").GetString()!;
            var row = $"[data-pipeline='{name}']";
            foreach (var (field, metric) in Counts)
            {
                var shown = Number(await Page.Locator($"{row} td[data-key='{field}']").InnerTextAsync());
                if (shown != ConsoleNode.Counter(metrics, metric, name))
                {
                    differences.Add($"{name} {field}: page {shown}, /metrics {ConsoleNode.Counter(metrics, metric, name)}");
                }
            }

            var rowsInMemory = Number(await Page.Locator($"{row} td[data-key='rowsInMemory']").InnerTextAsync());
            if (rowsInMemory != pipeline.GetProperty("rowsInMemory").GetInt64())
            {
                differences.Add($"{name} rows in memory: page {rowsInMemory}, /status {pipeline.GetProperty("rowsInMemory")}");
            }

            var state = await Page.Locator($"{row} td[data-key='state']").InnerTextAsync();
            if (state != pipeline.GetProperty("state").GetString())
            {
                differences.Add($"{name} state: page {state}, /status {pipeline.GetProperty("state")}");
            }
        }

        return string.Join("; ", differences);
    }
}
