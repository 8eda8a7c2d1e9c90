using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Plumbing;

/// <summary>What a plumber gets from its pipeline.</summary>
public sealed class PlumberContext
{
    /// <summary>The data source.</summary>
    public required string DataSource { get; init; }

    /// <summary>The segment granularity: one sink per bucket (UTC).</summary>
    public required IGranularity SegmentGranularity { get; init; }

    /// <summary>The pipeline's tuning config, with Druid's defaults applied.</summary>
    public required TuningConfig Tuning { get; init; }

    /// <summary>Creates, persists, loads and merges indexes for the pipeline's schema.</summary>
    public required IIndexFactory Indexes { get; init; }

    /// <summary>Where persist, merge and handoff figures are reported.</summary>
    public required IIngestionMetrics Metrics { get; init; }

    /// <summary>The node's clock, for windows, persist periods and timers. Added in contracts 1.2; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the plumber logs. Added in contracts 1.2; by default nothing is logged.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// The host's services: <see cref="Storage.ISegmentPusher"/>, <see cref="Storage.ISegmentPublisher"/>,
    /// <see cref="Storage.IHandoffNotifier"/> and whatever else the node registers.
    /// </summary>
    public required IServiceProvider Services { get; init; }
}

/// <summary>Plumber-side ingestion figures, reported as Druid's <c>ingest/*</c> metrics.</summary>
public interface IIngestionMetrics
{
    /// <summary>Rows written by a persist, after rollup (<c>ingest/rows/output</c>).</summary>
    void RowsOutput(long rows);

    /// <summary>A persist finished (<c>ingest/persists/count</c>, <c>ingest/persists/time</c>).</summary>
    void PersistCompleted(TimeSpan duration);

    /// <summary>A persist failed (<c>ingest/persists/failed</c>).</summary>
    void PersistFailed();

    /// <summary>The ingest thread waited for a persist slot (<c>ingest/persists/backPressure</c>).</summary>
    void BackPressure(TimeSpan waited);

    /// <summary>A final merge finished (<c>ingest/merge/time</c>).</summary>
    void MergeCompleted(TimeSpan duration);

    /// <summary>A segment was handed off (<c>ingest/handoff/count</c>).</summary>
    void HandoffCompleted();

    /// <summary>A merge, push or publish failed (<c>ingest/handoff/failed</c>).</summary>
    void HandoffFailed();

    /// <summary>The number of live sinks changed (<c>ingest/sink/count</c>).</summary>
    void SinkCount(int sinks);
}
