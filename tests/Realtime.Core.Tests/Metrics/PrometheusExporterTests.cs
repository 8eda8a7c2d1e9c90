using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Metrics;

namespace Realtime.Core.Tests.Metrics;

public class PrometheusExporterTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider _services = null!;
    private IMeterFactory _meterFactory = null!;
    private PrometheusExporter _exporter = null!;

    [SetUp]
    public void SetUp()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        _exporter = new PrometheusExporter(_meterFactory);
    }

    [TearDown]
    public void TearDown()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Render_IngestionFiguresWithTypesUnitsAndLabels()
    {
        var metrics = new RealtimeMetrics(_meterFactory, new ManualTimeProvider(Now));
        using var pipeline = metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(Now.AddMilliseconds(-1500).ToUnixTimeMilliseconds());
        pipeline.EventProcessed(Now.AddMilliseconds(-2500).ToUnixTimeMilliseconds());
        pipeline.EventThrownAway();
        pipeline.RowsOutput(10);
        pipeline.RowsOutput(5);
        pipeline.BackPressure(TimeSpan.FromMilliseconds(2.5));
        pipeline.SinkCount(2);

        var lines = Lines(_exporter.Render());

        const string labels = "{data_source=\"wikipedia\",partition=\"0\"}";
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "# HELP realtime_ingest_events_processed_total Rows added to a sink.",
            "# TYPE realtime_ingest_events_processed_total counter",
            $"realtime_ingest_events_processed_total{labels} 2",
            $"realtime_ingest_events_thrown_away_total{labels} 1",
            $"realtime_ingest_events_unparseable_total{labels} 0",
            "# TYPE realtime_ingest_rows_output_total counter",
            $"realtime_ingest_rows_output_total{labels} 15",
            "# TYPE realtime_ingest_persists_back_pressure_milliseconds_total counter",
            $"realtime_ingest_persists_back_pressure_milliseconds_total{labels} 2.5",
            "# TYPE realtime_ingest_sink_count gauge",
            $"realtime_ingest_sink_count{labels} 2",
            "# TYPE realtime_ingest_events_message_gap_milliseconds gauge",
            $"realtime_ingest_events_message_gap_milliseconds{labels} 1500",
        }));
    }

    [Test]
    public void Render_OmitsInstrumentsWithoutMeasurements()
    {
        var metrics = new RealtimeMetrics(_meterFactory, TimeProvider.System);
        using var pipeline = metrics.ForPipeline("wikipedia", 0);

        var text = _exporter.Render();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("realtime_ingest_handoff_failed_total"));
            Assert.That(text, Does.Not.Contain("realtime_ingest_events_message_gap"));
        });
    }

    [Test]
    public void Render_HistogramBucketsAreCumulative()
    {
        var meter = _meterFactory.Create(RealtimeMetrics.MeterName);
        var histogram = meter.CreateHistogram("test.latency", "ms", "Latency.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 100] });
        foreach (var value in new[] { 1d, 7, 7, 10, 20_000 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("data_source", "w"));
        }

        var lines = Lines(_exporter.Render());

        Assert.That(lines.Where(l => l.StartsWith("test_latency", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "test_latency_milliseconds_bucket{data_source=\"w\",le=\"5\"} 1",
            "test_latency_milliseconds_bucket{data_source=\"w\",le=\"10\"} 4",
            "test_latency_milliseconds_bucket{data_source=\"w\",le=\"100\"} 4",
            "test_latency_milliseconds_bucket{data_source=\"w\",le=\"+Inf\"} 5",
            "test_latency_milliseconds_sum{data_source=\"w\"} 20025",
            "test_latency_milliseconds_count{data_source=\"w\"} 5",
        }));
        Assert.That(lines, Does.Contain("# TYPE test_latency_milliseconds histogram"));
    }

    [Test]
    public void Render_PersistTimeUsesTheDurationBuckets()
    {
        var metrics = new RealtimeMetrics(_meterFactory, TimeProvider.System);
        using var pipeline = metrics.ForPipeline("wikipedia", 0);
        pipeline.PersistCompleted(TimeSpan.FromSeconds(2));

        var lines = Lines(_exporter.Render());

        const string prefix = "realtime_ingest_persists_time_milliseconds_bucket{data_source=\"wikipedia\",partition=\"0\",";
        Assert.That(lines, Is.SupersetOf(new[] { $"{prefix}le=\"1000\"}} 0", $"{prefix}le=\"2500\"}} 1", $"{prefix}le=\"+Inf\"}} 1" }));
    }

    [Test]
    public void Render_EscapesLabelValuesAndSanitizesNames()
    {
        var counter = _meterFactory.Create(RealtimeMetrics.MeterName).CreateCounter<long>("test.odd-name", "{item}", "Line one\nline \\two");

        counter.Add(3, new KeyValuePair<string, object?>("data.source", "a\"b\\c\nd"));

        var lines = Lines(_exporter.Render());
        Assert.That(lines, Is.SupersetOf(new[]
        {
            "# HELP test_odd_name_total Line one\\nline \\\\two",
            "test_odd_name_total{data_source=\"a\\\"b\\\\c\\nd\"} 3",
        }));
    }

    [Test]
    public void Render_SortsLabelsAndKeepsTagSetsApart()
    {
        var counter = _meterFactory.Create(RealtimeMetrics.MeterName).CreateCounter<int>("test.events");

        counter.Add(1, new("b", 2), new("a", "x"));
        counter.Add(4, new("a", "x"), new("b", 2));
        counter.Add(5, new("a", "y"), new("b", 2));

        Assert.That(Lines(_exporter.Render()).Where(l => l.StartsWith("test_events", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "test_events_total{a=\"x\",b=\"2\"} 5",
            "test_events_total{a=\"y\",b=\"2\"} 5",
        }));
    }

    [Test]
    public void Render_DisposedPipeline_DropsGaugesAndKeepsCounters()
    {
        var metrics = new RealtimeMetrics(_meterFactory, TimeProvider.System);
        var pipeline = metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(0);
        pipeline.SinkCount(3);
        _exporter.Render();

        pipeline.Dispose();
        var text = _exporter.Render();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("realtime_ingest_events_processed_total{data_source=\"wikipedia\",partition=\"0\"} 1"));
            Assert.That(text, Does.Not.Contain("realtime_ingest_sink_count"));
        });
    }

    [Test]
    public void Render_IgnoresOtherFactoriesAndMeters()
    {
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherServices.GetRequiredService<IMeterFactory>().Create(RealtimeMetrics.MeterName).CreateCounter<long>("test.elsewhere").Add(1);
        _meterFactory.Create("System.Runtime").CreateCounter<long>("test.runtime").Add(1);

        Assert.That(_exporter.Render(), Is.Empty);
    }

    [TestCase("realtime.ingest.events.processed", "{event}", true, false, ExpectedResult = "realtime_ingest_events_processed_total")]
    [TestCase("realtime.ingest.persists.time", "ms", false, false, ExpectedResult = "realtime_ingest_persists_time_milliseconds")]
    [TestCase("realtime.ingest.persists.back_pressure", "ms", true, false, ExpectedResult = "realtime_ingest_persists_back_pressure_milliseconds_total")]
    [TestCase("net.bytes", "By/s", false, true, ExpectedResult = "net_bytes_bytes_per_second")]
    [TestCase("cpu.utilization", "1", false, true, ExpectedResult = "cpu_utilization_ratio")]
    [TestCase("requests_total", null, true, false, ExpectedResult = "requests_total")]
    [TestCase("9lives", "s", false, true, ExpectedResult = "_9lives_seconds")]
    public string MetricName(string name, string? unit, bool isCounter, bool isGauge) => PrometheusExporter.MetricName(name, unit, isCounter, isGauge);

    [Test]
    public async Task MapRealtimeMetrics_ServesTheExposition()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRealtimeMetrics();
        await using var app = builder.Build();
        app.MapRealtimeMetrics();
        app.Services.GetRequiredService<RealtimeMetrics>().ForPipeline("wikipedia", 0).RowsOutput(7);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        using var client = new HttpClient();
        using var response = await client.GetAsync($"{address}/metrics");
        var body = await response.Content.ReadAsStringAsync();
        await app.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo(PrometheusExporter.ContentType));
            Assert.That(body, Does.Contain("realtime_ingest_rows_output_total{data_source=\"wikipedia\",partition=\"0\"} 7"));
        });
    }
}
