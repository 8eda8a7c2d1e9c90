using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Realtime.Core.Metrics;

namespace Realtime.Core.Tests.Metrics;

public class IngestionMetricsTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider _services = null!;
    private IMeterFactory _meterFactory = null!;
    private FakeTimeProvider _clock = null!;
    private RealtimeMetrics _metrics = null!;
    private MeterListener _listener = null!;
    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = null!;

    [SetUp]
    public void SetUp()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        _clock = new FakeTimeProvider(Now);
        _metrics = new RealtimeMetrics(_meterFactory, _clock);
        _measurements = [];
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, _meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    [TearDown]
    public void TearDown()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Collect()
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return _measurements;
    }

    [Test]
    public void EventCounts_AreObservedPerPipeline()
    {
        using var wiki = _metrics.ForPipeline("wikipedia", 0);
        using var other = _metrics.ForPipeline("wikipedia", 1);
        wiki.EventProcessed(1000);
        wiki.EventProcessed(2000);
        wiki.EventThrownAway();
        wiki.EventUnparseable();
        wiki.EventUnparseable();
        other.EventDuplicate();

        var observed = Collect();

        double Value(string name, int partition) => observed.Single(m => m.Instrument == name && (int)m.Tags["partition"]! == partition).Value;
        Assert.Multiple(() =>
        {
            Assert.That(Value("realtime.ingest.events.processed", 0), Is.EqualTo(2));
            Assert.That(Value("realtime.ingest.events.thrown_away", 0), Is.EqualTo(1));
            Assert.That(Value("realtime.ingest.events.unparseable", 0), Is.EqualTo(2));
            Assert.That(Value("realtime.ingest.events.duplicate", 0), Is.EqualTo(0));
            Assert.That(Value("realtime.ingest.events.duplicate", 1), Is.EqualTo(1));
            Assert.That(observed.All(m => (string?)m.Tags["data_source"] == "wikipedia"), Is.True);
        });
    }

    [Test]
    public void MessageGap_IsNowMinusNewestEventTime()
    {
        using var pipeline = _metrics.ForPipeline("wikipedia", 0);
        var newest = Now.AddSeconds(-90).ToUnixTimeMilliseconds();
        pipeline.EventProcessed(newest - 5000);
        pipeline.EventProcessed(newest);
        pipeline.EventProcessed(newest - 60_000);

        var gap = Collect().Single(m => m.Instrument == "realtime.ingest.events.message_gap");

        Assert.Multiple(() =>
        {
            Assert.That(gap.Value, Is.EqualTo(90_000));
            Assert.That(pipeline.MaxEventTimeMillis, Is.EqualTo(newest));
        });
    }

    [Test]
    public void MessageGap_NotReportedBeforeTheFirstRow()
    {
        using var pipeline = _metrics.ForPipeline("wikipedia", 0);

        Assert.That(Collect().Where(m => m.Instrument == "realtime.ingest.events.message_gap"), Is.Empty);
    }

    [Test]
    public void PlumberFigures_AreRecordedWithTags()
    {
        using var pipeline = _metrics.ForPipeline("wikipedia", 3);

        pipeline.RowsOutput(120);
        pipeline.PersistCompleted(TimeSpan.FromMilliseconds(42));
        pipeline.PersistFailed();
        pipeline.BackPressure(TimeSpan.FromMilliseconds(7.5));
        pipeline.MergeCompleted(TimeSpan.FromSeconds(3));
        pipeline.HandoffCompleted();
        pipeline.HandoffFailed();
        pipeline.SinkCount(4);
        var recorded = _measurements.ToList();
        var sinks = Collect().Single(m => m.Instrument == "realtime.ingest.sink.count");

        Assert.Multiple(() =>
        {
            Assert.That(recorded.Select(m => (m.Instrument, m.Value)), Is.EquivalentTo(new[]
            {
                ("realtime.ingest.rows.output", 120d),
                ("realtime.ingest.persists.count", 1d),
                ("realtime.ingest.persists.time", 42d),
                ("realtime.ingest.persists.failed", 1d),
                ("realtime.ingest.persists.back_pressure", 7.5),
                ("realtime.ingest.merge.time", 3000d),
                ("realtime.ingest.handoff.count", 1d),
                ("realtime.ingest.handoff.failed", 1d),
            }));
            Assert.That(recorded.All(m => (string?)m.Tags["data_source"] == "wikipedia" && (int)m.Tags["partition"]! == 3), Is.True);
            Assert.That(sinks.Value, Is.EqualTo(4));
        });
    }

    [Test]
    public void ForPipeline_SamePipelineTwice_IsRefusedUntilDisposed()
    {
        var first = _metrics.ForPipeline("wikipedia", 0);

        Assert.That(() => _metrics.ForPipeline("wikipedia", 0), Throws.InvalidOperationException.With.Message.Contains("wikipedia"));
        first.Dispose();
        using var second = _metrics.ForPipeline("wikipedia", 0);
        Assert.That(second.Processed, Is.Zero);
    }

    [Test]
    public void Dispose_StopsObservation()
    {
        var pipeline = _metrics.ForPipeline("wikipedia", 0);
        pipeline.EventProcessed(1);
        pipeline.SinkCount(1);

        pipeline.Dispose();

        Assert.That(Collect(), Is.Empty);
    }

    [Test]
    public void Instruments_AreCreatedOncePerMeter()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, _meterFactory))
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        using var a = _metrics.ForPipeline("a", 0);
        using var b = _metrics.ForPipeline("b", 0);

        Assert.That(published.Select(i => i.Name).ToList(), Is.Unique.And.Count.EqualTo(14));
    }
}
