using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Hosting;
using Realtime.Samples.EmbeddedHost;

namespace Realtime.Samples.Tests.EmbeddedHost;

/// <summary>The embedding sample run in memory: page views posted to the app are ingested and answered by in-process queries.</summary>
[NonParallelizable]
public class EmbeddedHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Test]
    public async Task PostedPageViewsAreCountedByTheStatsEndpointsWithoutAnyQueryOverHttp()
    {
        var directory = Directory.CreateTempSubdirectory("embedded-host-").FullName;
        try
        {
            await using var app = App(directory);
            using var client = app.CreateClient();
            string[] pages = ["/home", "/cart", "/search", "/home", "/home", "/cart"];
            var views = pages.Select((page, i) => new PageView(page, i % 2 == 0 ? "NL" : "DE", 100 + 37 * i)).ToList();
            foreach (var view in views)
            {
                using var response = await client.PostAsJsonAsync("/pageviews", view);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            }

            var all = await WaitForViewsAsync(client, views.Count);
            var top = await client.GetFromJsonAsync<PageStats[]>("/stats/pages?top=2");
            var minutes = await client.GetFromJsonAsync<MinuteStats[]>("/stats/minutes");

            var expected = views.GroupBy(v => v.Page)
                .Select(g => new PageStats(g.Key, new ViewTotals(g.Count(), g.Average(v => v.DurationMs), g.Max(v => v.DurationMs))))
                .OrderByDescending(p => p.Totals.Views).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(top, Is.EqualTo(expected.Take(2)));
                Assert.That(all, Is.EquivalentTo(expected));
                Assert.That(minutes!.Sum(m => m.Totals.Views), Is.EqualTo(views.Count));
                Assert.That(minutes!.Max(m => m.Totals.SlowestMs), Is.EqualTo(views.Max(v => v.DurationMs)));
                Assert.That(app.Services.GetRequiredService<RealtimeManager>().Pipelines.Single().State, Is.EqualTo(PipelineState.Running));
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task PageViewsHeldInMemoryArePersistedOnShutdownAndServedAfterARestart()
    {
        var directory = Directory.CreateTempSubdirectory("embedded-host-").FullName;
        try
        {
            await using (var first = App(directory))
            {
                using var client = first.CreateClient();
                foreach (var duration in new[] { 10L, 20L, 30L })
                {
                    using var response = await client.PostAsJsonAsync("/pageviews", new PageView("/home", "NL", duration));
                }

                await WaitForViewsAsync(client, 3);
            }

            await using var second = App(directory);
            using var restarted = second.CreateClient();
            var stats = await WaitForViewsAsync(restarted, 3);

            Assert.That(stats, Is.EqualTo(new[] { new PageStats("/home", new ViewTotals(3, 20, 30)) }));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static WebApplicationFactory<Program> App(string directory) => new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
        .UseSetting("PageViews:PersistDirectory", Path.Combine(directory, "persist"))
        .UseSetting("Realtime:Storage:Directory", Path.Combine(directory, "deep-storage"))
        .UseSetting("Realtime:Metadata:ConnectionString", $"Data Source={Path.Combine(directory, "metadata.db")}")
        .UseSetting("Realtime:Serving:Directory", Path.Combine(directory, "segment-cache"))
        .UseSetting("Realtime:Plugins:Directory", Path.Combine(directory, "plugins")));

    /// <summary>Polls the top pages until they add up to <paramref name="views"/>: ingestion runs behind the requests that report views.</summary>
    private static async Task<PageStats[]> WaitForViewsAsync(HttpClient client, long views)
    {
        var patience = Stopwatch.StartNew();
        var stats = await client.GetFromJsonAsync<PageStats[]>("/stats/pages?top=100");
        while (stats!.Sum(p => p.Totals.Views) != views && patience.Elapsed < Patience)
        {
            await Task.Delay(50);
            stats = await client.GetFromJsonAsync<PageStats[]>("/stats/pages?top=100");
        }

        return stats!;
    }
}
