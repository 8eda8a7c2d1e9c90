using System.Diagnostics.Metrics;

namespace Realtime.Core.Metrics;

/// <summary>
/// The <c>Realtime</c> meter's ingestion instruments, created once and shared by every pipeline of the process.
/// Each pipeline reports through its own <see cref="IngestionMetrics"/> from <see cref="ForPipeline"/>.
/// </summary>
/// <remarks>
/// Every measurement carries the tags <c>data_source</c> and <c>partition</c>. Event counts, the sink count and the
/// message gap are observed when a listener collects, so counting a row costs one interlocked increment.
/// Safe for concurrent use.
/// </remarks>
public sealed class RealtimeMetrics
{
    /// <summary>The name of the meter all Realtime instruments belong to.</summary>
    public const string MeterName = "Realtime";

    private static readonly double[] DurationBucketsMillis = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000];

    private readonly TimeProvider _timeProvider;
    private readonly Lock _pipelinesLock = new();
    private IngestionMetrics[] _pipelines = [];

    /// <summary>Creates the meter from <paramref name="meterFactory"/> and its instruments.</summary>
    public RealtimeMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        var meter = meterFactory.Create(MeterName);

        meter.CreateObservableCounter("realtime.ingest.events.processed", () => Observe(p => p.Processed), "{event}", "Rows added to a sink.");
        meter.CreateObservableCounter("realtime.ingest.events.thrown_away", () => Observe(p => p.ThrownAway), "{event}",
            "Rows outside the rejection policy's window, filtered out, or messages that yield no row.");
        meter.CreateObservableCounter("realtime.ingest.events.unparseable", () => Observe(p => p.Unparseable), "{event}", "Messages that could not be parsed and were skipped.");
        meter.CreateObservableCounter("realtime.ingest.events.duplicate", () => Observe(p => p.Duplicate), "{event}", "Rows dropped because their dedup column value was already seen.");
        meter.CreateObservableGauge("realtime.ingest.events.message_gap", ObserveMessageGap, "ms", "Time between now and the newest event time processed.");
        meter.CreateObservableGauge("realtime.ingest.sink.count", () => Observe(p => p.Sinks), "{sink}", "Sinks (segment intervals) held by the pipeline.");

        RowsOutput = meter.CreateCounter<long>("realtime.ingest.rows.output", "{row}", "Rows written by persists, after rollup.");
        Persists = meter.CreateCounter<long>("realtime.ingest.persists.count", "{persist}", "Persists completed.");
        PersistTime = meter.CreateHistogram("realtime.ingest.persists.time", "ms", "Time taken by a persist.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsMillis });
        BackPressure = meter.CreateCounter<double>("realtime.ingest.persists.back_pressure", "ms", "Time ingestion waited for a persist slot.");
        PersistsFailed = meter.CreateCounter<long>("realtime.ingest.persists.failed", "{persist}", "Persists that failed.");
        MergeTime = meter.CreateHistogram("realtime.ingest.merge.time", "ms", "Time taken by a segment's final merge.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsMillis });
        Handoffs = meter.CreateCounter<long>("realtime.ingest.handoff.count", "{segment}", "Segments handed off.");
        HandoffsFailed = meter.CreateCounter<long>("realtime.ingest.handoff.failed", "{segment}", "Merges, pushes or publishes that failed.");
    }

    internal Counter<long> RowsOutput { get; }

    internal Counter<long> Persists { get; }

    internal Histogram<double> PersistTime { get; }

    internal Counter<double> BackPressure { get; }

    internal Counter<long> PersistsFailed { get; }

    internal Histogram<double> MergeTime { get; }

    internal Counter<long> Handoffs { get; }

    internal Counter<long> HandoffsFailed { get; }

    /// <summary>The reporter of one pipeline; dispose it when the pipeline stops so its gauges are no longer observed.</summary>
    /// <exception cref="InvalidOperationException">A reporter for the same data source and partition is in use.</exception>
    public IngestionMetrics ForPipeline(string dataSource, int partitionNum)
    {
        lock (_pipelinesLock)
        {
            if (_pipelines.Any(p => p.DataSource == dataSource && p.PartitionNum == partitionNum))
            {
                throw new InvalidOperationException($"Metrics for data source '{dataSource}' partition {partitionNum} are already in use by another pipeline.");
            }

            var pipeline = new IngestionMetrics(this, dataSource, partitionNum);
            _pipelines = [.. _pipelines, pipeline];
            return pipeline;
        }
    }

    internal void Remove(IngestionMetrics pipeline)
    {
        lock (_pipelinesLock)
        {
            _pipelines = [.. _pipelines.Where(p => p != pipeline)];
        }
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<IngestionMetrics, T> value) where T : struct =>
        Volatile.Read(ref _pipelines).Select(p => new Measurement<T>(value(p), p.Tags));

    private IEnumerable<Measurement<double>> ObserveMessageGap()
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var pipeline in Volatile.Read(ref _pipelines))
        {
            if (pipeline.MaxEventTimeMillis is { } newest)
            {
                yield return new Measurement<double>(now - newest, pipeline.Tags);
            }
        }
    }
}
