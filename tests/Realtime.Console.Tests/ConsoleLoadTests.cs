using Microsoft.Playwright;

namespace Realtime.Console.Tests;

public class ConsoleLoadTests : ConsolePageTest
{
    /// <summary>The most the console's own files (scripts, styles, the chart library) may take on the wire.</summary>
    private const long Budget = 60 * 1024;

    [Test]
    public async Task TheConsoleComesFromTheNodeAloneAndIsSmall()
    {
        var responses = new List<IResponse>();
        Page.Response += (_, response) => responses.Add(response);
        await OpenAsync("overview", "[data-pipeline]");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var files = new List<(string Url, long Body, long Headers)>();
        foreach (var response in responses.Where(r => !r.Url.Contains("/console/api/", StringComparison.Ordinal) && r.Url.Contains("/console/", StringComparison.Ordinal)))
        {
            var sizes = await response.Request.SizesAsync();
            files.Add((response.Url, sizes.ResponseBodySize, sizes.ResponseHeadersSize));
        }

        var total = files.Sum(f => f.Body + f.Headers);
        TestContext.Out.WriteLine($"The console's files: {files.Count} requests, {total} bytes transferred ({files.Sum(f => f.Body)} of bodies, {files.Sum(f => f.Headers)} of headers).");
        foreach (var (url, body, headers) in files)
        {
            TestContext.Out.WriteLine($"  {body,8} + {headers,4} {url}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => new Uri(r.Url).Authority), Has.All.EqualTo(ConsoleNode.Node.Http.BaseAddress!.Authority), "every request goes to the node");
            Assert.That(responses.Where(r => r.Url.EndsWith("uPlot.iife.min.js", StringComparison.Ordinal)).Select(r => r.Status), Is.EqualTo(new[] { 200 }));
            Assert.That(files.Select(f => f.Url), Has.Some.EndsWith("/console/").And.Some.EndsWith("/app.js"));
            Assert.That(total, Is.LessThan(Budget));
        });
    }
}
