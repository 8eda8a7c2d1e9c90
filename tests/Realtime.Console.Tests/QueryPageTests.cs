using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Realtime.Console.Tests;

public class QueryPageTests : ConsolePageTest
{
    private const string Timeseries = """
        {
          "queryType": "timeseries",
          "dataSource": "wikipedia",
          "intervals": ["2013-08-31/2013-09-01"],
          "granularity": "hour",
          "aggregations": [
            {"type": "count", "name": "rows"},
            {"type": "doubleSum", "name": "added", "fieldName": "added"}
          ]
        }
        """;

    [Test]
    public async Task ATypedQueryShowsItsRowsAndALineChart()
    {
        await OpenAsync("query", "[data-testid=editor]");
        await Page.GetByTestId("editor").FillAsync(Timeseries);
        await Page.GetByTestId("run").ClickAsync();
        await Page.Locator("[data-testid=result-table] tbody tr").First.WaitForAsync();
        var expected = (await ConsoleNode.Node.QueryAsync(Timeseries)).EnumerateArray().ToList();
        await ConsoleNode.ScreenshotAsync(Page, "query");

        var rows = "[data-testid=result-table] tbody tr";
        Assert.Multiple(async () =>
        {
            Assert.That(await CellsAsync(rows, "timestamp"), Is.EqualTo(expected.Select(r => r.GetProperty("timestamp").GetString())));
            Assert.That((await CellsAsync(rows, "rows")).Select(long.Parse), Is.EqualTo(expected.Select(r => r.GetProperty("result").GetProperty("rows").GetInt64())));
            Assert.That((await CellsAsync(rows, "added")).Select(a => double.Parse(a, CultureInfo.InvariantCulture)),
                Is.EqualTo(expected.Select(r => r.GetProperty("result").GetProperty("added").GetDouble())));
            Assert.That(await Page.GetByTestId("query-status").InnerTextAsync(), Does.StartWith($"{expected.Count} rows in "));
            Assert.That(await Page.Locator("[data-testid=result-chart] canvas").CountAsync(), Is.EqualTo(1));
            Assert.That(await Page.Locator("[data-testid=result-chart] .u-legend").InnerTextAsync(), Does.Contain("rows").And.Contain("added"));
        });
    }

    [Test]
    public async Task ABadQueryShowsDruidsErrorAndSelectsWhereItIs()
    {
        var bad = Timeseries.Replace("""{"type": "doubleSum", "name": "added", "fieldName": "added"}""", """{"type": "longSum", "name": "added"}""", StringComparison.Ordinal);
        await OpenAsync("query", "[data-testid=editor]");
        await Page.GetByTestId("editor").FillAsync(bad);
        await Page.GetByTestId("run").ClickAsync();
        await Page.GetByTestId("query-error").WaitForAsync();
        var (status, body) = await ConsoleNode.Node.PostQueryAsync(bad);
        await ConsoleNode.ScreenshotAsync(Page, "query-error");

        var selected = await Page.GetByTestId("editor").EvaluateAsync<string>("e => e.value.slice(e.selectionStart, e.selectionEnd)");
        Assert.Multiple(async () =>
        {
            Assert.That((int)status, Is.EqualTo(400));
            Assert.That(await Page.Locator("[data-testid=query-error] .code").InnerTextAsync(), Is.EqualTo(body.GetProperty("error").GetString()));
            Assert.That(await Page.GetByTestId("error-message").InnerTextAsync(), Is.EqualTo(body.GetProperty("errorMessage").GetString()));
            Assert.That(await Page.GetByTestId("error-where").InnerTextAsync(), Is.EqualTo("JSON path: $.aggregations[1]"));
            Assert.That(selected, Is.EqualTo("""{"type": "longSum", "name": "added"}"""));
        });
    }

    [Test]
    public async Task ASqlStatementShowsItsRowsInSqlMode()
    {
        await OpenAsync("query", "[data-testid=editor]");
        await Page.GetByTestId("language").SelectOptionAsync("sql");
        await Page.GetByTestId("editor").FillAsync("""
            SELECT language, SUM("count") AS edits, SUM(added) AS added
            FROM wikipedia
            GROUP BY language
            ORDER BY language
            """);
        await Page.GetByTestId("run").ClickAsync();
        await Page.Locator("[data-testid=result-table] tbody tr").First.WaitForAsync();
        await ConsoleNode.ScreenshotAsync(Page, "query-sql");

        // The sample edits as the node ingested them: the line that does not parse and the one the filter drops are not in the file.
        var expected = File.ReadLines(NodeWorkspace.SampleData("wikipedia_index_data.json"))
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .GroupBy(e => e.GetProperty("language").GetString()!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Language: g.Key, Edits: (long)g.Count(), Added: g.Sum(e => e.GetProperty("added").GetDouble())))
            .ToList();
        var rows = "[data-testid=result-table] tbody tr";
        Assert.Multiple(async () =>
        {
            Assert.That(await CellsAsync(rows, "language"), Is.EqualTo(expected.Select(e => e.Language)));
            Assert.That((await CellsAsync(rows, "edits")).Select(long.Parse), Is.EqualTo(expected.Select(e => e.Edits)));
            Assert.That((await CellsAsync(rows, "added")).Select(a => double.Parse(a, CultureInfo.InvariantCulture)), Is.EqualTo(expected.Select(e => e.Added)));
            Assert.That(await Page.GetByTestId("query-status").InnerTextAsync(), Does.StartWith($"{expected.Count} rows in ").And.Contain("(console-"));
        });
    }

    [Test]
    public async Task ASqlSyntaxErrorShowsItsLineAndColumnAndSelectsThem()
    {
        const string bad = "SELECT page\nFROM wikipedia\nWHERE added >> 5";
        await OpenAsync("query", "[data-testid=editor]");
        await Page.GetByTestId("language").SelectOptionAsync("sql");
        await Page.GetByTestId("editor").FillAsync(bad);
        await Page.GetByTestId("run").ClickAsync();
        await Page.GetByTestId("query-error").WaitForAsync();
        using var response = await ConsoleNode.Node.Http.PostAsync(
            "/druid/v2/sql", new StringContent(JsonSerializer.Serialize(new { query = bad }), Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        await ConsoleNode.ScreenshotAsync(Page, "query-sql-error");

        var selection = await Page.GetByTestId("editor").EvaluateAsync<int[]>("e => [e.selectionStart, e.selectionEnd]");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Page.Locator("[data-testid=query-error] .code").InnerTextAsync(), Is.EqualTo("SQL parse failed"));
            Assert.That(await Page.GetByTestId("error-message").InnerTextAsync(), Is.EqualTo(body.GetProperty("errorMessage").GetString()));
            // Line 3, column 14 is the second '>': the statement stops making sense there.
            Assert.That(await Page.GetByTestId("error-where").InnerTextAsync(), Is.EqualTo("SQL line 3, column 14"));
            Assert.That(selection, Is.EqualTo(new[] { bad.IndexOf(">>", StringComparison.Ordinal) + 1, bad.IndexOf(">>", StringComparison.Ordinal) + 2 }));
        });
    }

    [Test]
    public async Task ARunningQueryCanBeCancelled()
    {
        await OpenAsync("query", "[data-testid=editor]");
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Page.Request += (_, request) =>
        {
            if (request.Method == "DELETE" && request.Url.Contains("/druid/v2/", StringComparison.Ordinal))
            {
                cancelled.TrySetResult(request.Url);
            }
        };

        // Hold the query back on its way to the node, so it is still running when Cancel is clicked.
        await Page.RouteAsync("**/druid/v2", async route =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // The page aborted the request, as it should.
            }
        });
        await Page.GetByTestId("editor").FillAsync(Timeseries);
        await Page.GetByTestId("run").ClickAsync();
        await Page.GetByTestId("cancel").ClickAsync();
        var url = await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Page.GetByTestId("cancelled").WaitForAsync();

        var running = await Page.GetByTestId("query-status").InnerTextAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(running, Does.Match(@"^Cancelled console-[\w-]+\.$"));
            Assert.That(url, Does.EndWith("/druid/v2/" + running["Cancelled ".Length..^1]));
            Assert.That(await Page.GetByTestId("run").IsEnabledAsync(), Is.True);
            Assert.That(await Page.GetByTestId("cancel").IsEnabledAsync(), Is.False);
        });
    }
}
