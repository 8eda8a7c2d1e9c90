using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Realtime.Core.Metrics;

namespace Realtime.Core.Tests.Metrics;

/// <summary>The <c>Realtime</c> meter as OpenTelemetry's Prometheus exporter serves it on <c>GET /metrics</c>, and its OTLP export.</summary>
public class MetricsEndpointTests
{
    private const string Labels = "{otel_scope_name=\"Realtime\",data_source=\"wikipedia\",partition=\"0\"}";
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A guard against a hang, not a timing assertion.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private RealtimeMetrics Metrics => _app.Services.GetRequiredService<RealtimeMetrics>();

    [SetUp]
    public async Task StartAsync()
    {
        _app = BuildApp(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).AddRealtimeMetrics());
        _app.MapRealtimeMetrics();
        _client = await StartAsync(_app);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<string[]> ScrapeAsync() => ScrapeAsync(_client);

    private static async Task<string[]> ScrapeAsync(HttpClient client) => (await client.GetStringAsync("/metrics")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public async Task Scrape_IngestionFiguresWithTypesUnitsAndLabels()
    {
        using var pipeline = Metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(Now.AddMilliseconds(-1500).ToUnixTimeMilliseconds());
        pipeline.EventProcessed(Now.AddMilliseconds(-2500).ToUnixTimeMilliseconds());
        pipeline.EventThrownAway();
        pipeline.RowsOutput(10);
        pipeline.RowsOutput(5);
        pipeline.BackPressure(TimeSpan.FromMilliseconds(2.5));
        pipeline.SinkCount(2);

        var lines = await ScrapeAsync();

        Assert.That(lines, Is.SupersetOf(new[]
        {
            "# HELP realtime_ingest_events_processed_total Rows added to a sink.",
            "# TYPE realtime_ingest_events_processed_total counter",
            $"realtime_ingest_events_processed_total{Labels} 2",
            $"realtime_ingest_events_thrown_away_total{Labels} 1",
            $"realtime_ingest_events_unparseable_total{Labels} 0",
            "# TYPE realtime_ingest_rows_output_total counter",
            $"realtime_ingest_rows_output_total{Labels} 15",
            "# TYPE realtime_ingest_persists_back_pressure_milliseconds_total counter",
            $"realtime_ingest_persists_back_pressure_milliseconds_total{Labels} 2.5",
            "# TYPE realtime_ingest_sink_count gauge",
            $"realtime_ingest_sink_count{Labels} 2",
            "# TYPE realtime_ingest_events_message_gap_milliseconds gauge",
            $"realtime_ingest_events_message_gap_milliseconds{Labels} 1500",
        }));
    }

    [Test]
    public async Task Scrape_NamesEveryInstrumentAsDocumented()
    {
        using var pipeline = Metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(Now.ToUnixTimeMilliseconds());
        pipeline.RowsOutput(1);
        pipeline.PersistCompleted(TimeSpan.FromMilliseconds(1));
        pipeline.PersistFailed();
        pipeline.BackPressure(TimeSpan.FromMilliseconds(1));
        pipeline.MergeCompleted(TimeSpan.FromMilliseconds(1));
        pipeline.HandoffCompleted();
        pipeline.HandoffFailed();
        _app.Services.GetRequiredService<QueryMetrics>().Record("wikipedia", "timeseries", "success", 1);

        var types = (await ScrapeAsync()).Where(l => l.StartsWith("# TYPE realtime_", StringComparison.Ordinal));

        Assert.That(types, Is.EquivalentTo(new[]
        {
            "# TYPE realtime_ingest_events_processed_total counter",
            "# TYPE realtime_ingest_events_thrown_away_total counter",
            "# TYPE realtime_ingest_events_unparseable_total counter",
            "# TYPE realtime_ingest_events_duplicate_total counter",
            "# TYPE realtime_ingest_events_message_gap_milliseconds gauge",
            "# TYPE realtime_ingest_rows_output_total counter",
            "# TYPE realtime_ingest_persists_count_total counter",
            "# TYPE realtime_ingest_persists_time_milliseconds histogram",
            "# TYPE realtime_ingest_persists_back_pressure_milliseconds_total counter",
            "# TYPE realtime_ingest_persists_failed_total counter",
            "# TYPE realtime_ingest_merge_time_milliseconds histogram",
            "# TYPE realtime_ingest_handoff_count_total counter",
            "# TYPE realtime_ingest_handoff_failed_total counter",
            "# TYPE realtime_ingest_sink_count gauge",
            "# TYPE realtime_query_time_milliseconds histogram",
            "# TYPE realtime_query_count_total counter",
        }));
    }

    [Test]
    public async Task Scrape_OmitsInstrumentsWithoutMeasurements()
    {
        using var pipeline = Metrics.ForPipeline("wikipedia", 0);

        var lines = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.None.Contains("realtime_ingest_handoff_failed_total"));
            Assert.That(lines, Has.None.Contains("realtime_ingest_events_message_gap"));
        });
    }

    [Test]
    public async Task Scrape_PersistTimeUsesTheDurationBuckets()
    {
        using var pipeline = Metrics.ForPipeline("wikipedia", 0);
        pipeline.PersistCompleted(TimeSpan.FromMilliseconds(40));
        pipeline.PersistCompleted(TimeSpan.FromSeconds(2));

        var lines = await ScrapeAsync();

        const string prefix = "realtime_ingest_persists_time_milliseconds_bucket{otel_scope_name=\"Realtime\",data_source=\"wikipedia\",partition=\"0\",";
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "# TYPE realtime_ingest_persists_time_milliseconds histogram",
            $"{prefix}le=\"25\"}} 0",
            $"{prefix}le=\"50\"}} 1",
            $"{prefix}le=\"1000\"}} 1",
            $"{prefix}le=\"2500\"}} 2",
            $"{prefix}le=\"+Inf\"}} 2",
            $"realtime_ingest_persists_time_milliseconds_sum{Labels} 2040",
            $"realtime_ingest_persists_time_milliseconds_count{Labels} 2",
        }));
    }

    [Test]
    public async Task Scrape_DisposedPipeline_DropsObservedFiguresAndKeepsRecordedCounters()
    {
        var pipeline = Metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(Now.ToUnixTimeMilliseconds());
        pipeline.SinkCount(3);
        pipeline.RowsOutput(4);
        var before = await ScrapeAsync();

        pipeline.Dispose();
        var after = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.SupersetOf(new[] { $"realtime_ingest_events_processed_total{Labels} 1", $"realtime_ingest_sink_count{Labels} 3" }));
            Assert.That(after, Does.Contain($"realtime_ingest_rows_output_total{Labels} 4"));
            Assert.That(after, Has.None.Contains("realtime_ingest_events_processed_total").And.None.Contains("realtime_ingest_sink_count"));
        });
    }

    [Test]
    public async Task Scrape_IgnoresOtherMeters()
    {
        var meterFactory = _app.Services.GetRequiredService<IMeterFactory>();
        meterFactory.Create("System.Runtime").CreateCounter<long>("test.runtime").Add(1);
        meterFactory.Create(RealtimeMetrics.MeterName).CreateCounter<long>("test.realtime").Add(1);

        var lines = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.None.Contains("test_runtime"));
            Assert.That(lines, Has.Some.StartsWith("test_realtime_total{otel_scope_name=\"Realtime\"} 1"));
        });
    }

    [Test]
    public async Task MapRealtimeMetrics_ServesTheExpositionWithMeasurementsTakenBeforeTheHostStarted()
    {
        await using var app = BuildApp(services => services.AddRealtimeMetrics());
        app.MapRealtimeMetrics();
        app.Services.GetRequiredService<RealtimeMetrics>().ForPipeline("wikipedia", 0).RowsOutput(7);
        using var client = await StartAsync(app);

        using var response = await client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
            Assert.That(body, Does.Contain($"realtime_ingest_rows_output_total{Labels} 7"));
        });
    }

    [Test]
    public async Task OtlpEndpoint_PushesTheRealtimeMeterToTheCollector()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = BuildApp(_ => { });
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var text = Encoding.UTF8.GetString(body.ToArray());
            if (text.Contains("realtime.ingest.rows.output", StringComparison.Ordinal))
            {
                received.TrySetResult(text);
            }

            return Results.Ok();
        });
        using var collectorClient = await StartAsync(collector);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Otlp:Endpoint"] = $"{collectorClient.BaseAddress}v1/metrics",
            ["Otlp:Protocol"] = "HttpProtobuf",
            ["Otlp:ExportInterval"] = "00:00:00.100",
        }).Build();
        await using var node = BuildApp(services => services.AddRealtimeMetrics(configuration));
        using var pipeline = node.Services.GetRequiredService<RealtimeMetrics>().ForPipeline("wikipedia", 0);
        pipeline.RowsOutput(7);
        using var nodeClient = await StartAsync(node);

        var exported = await received.Task.WaitAsync(Hang);

        Assert.That(exported, Does.Contain("wikipedia").And.Contain("data_source"));
    }

    private static WebApplication BuildApp(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure(builder.Services);
        return builder.Build();
    }

    private static async Task<HttpClient> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient { BaseAddress = new Uri($"{address}/") };
    }
}
