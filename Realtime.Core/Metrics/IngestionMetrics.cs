using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Metrics;

/// <summary>
/// One pipeline's ingestion figures: the ingest loop's event counts and message gap, and the plumber's persist,
/// merge and handoff figures (<see cref="IIngestionMetrics"/>), reported on the <c>Realtime</c> meter.
/// </summary>
/// <remarks>
/// The event methods are meant for the ingest thread and cost an interlocked operation each; every member is safe
/// to call from any thread. Obtain one from <see cref="RealtimeMetrics.ForPipeline"/>.
/// </remarks>
public sealed class IngestionMetrics : IIngestionMetrics, IDisposable
{
    private readonly RealtimeMetrics _instruments;
    private long _processed;
    private long _thrownAway;
    private long _unparseable;
    private long _duplicate;
    private long _maxEventTime = long.MinValue;
    private int _sinks;

    internal IngestionMetrics(RealtimeMetrics instruments, string dataSource, int partitionNum)
    {
        _instruments = instruments;
        DataSource = dataSource;
        PartitionNum = partitionNum;
        Tags = [new("data_source", dataSource), new("partition", partitionNum)];
    }

    /// <summary>The pipeline's data source.</summary>
    public string DataSource { get; }

    /// <summary>The pipeline's partition number.</summary>
    public int PartitionNum { get; }

    /// <summary>Rows added to a sink so far.</summary>
    public long Processed => Volatile.Read(ref _processed);

    /// <summary>Rows thrown away so far.</summary>
    public long ThrownAway => Volatile.Read(ref _thrownAway);

    /// <summary>Unparseable messages so far.</summary>
    public long Unparseable => Volatile.Read(ref _unparseable);

    /// <summary>Duplicate rows dropped so far.</summary>
    public long Duplicate => Volatile.Read(ref _duplicate);

    /// <summary>The newest event time processed (epoch milliseconds), or null before the first row.</summary>
    public long? MaxEventTimeMillis => Volatile.Read(ref _maxEventTime) is var max && max != long.MinValue ? max : null;

    /// <summary>The sink count last reported.</summary>
    public int Sinks => Volatile.Read(ref _sinks);

    internal KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>A row was added to a sink (<c>ingest/events/processed</c>); its time feeds the message gap.</summary>
    public void EventProcessed(long timestampMillis)
    {
        Interlocked.Increment(ref _processed);
        var max = Volatile.Read(ref _maxEventTime);
        while (timestampMillis > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxEventTime, timestampMillis, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>A row was rejected by the window or filtered out, or a message yielded no row (<c>ingest/events/thrownAway</c>).</summary>
    public void EventThrownAway() => Interlocked.Increment(ref _thrownAway);

    /// <summary>A message could not be parsed and was skipped (<c>ingest/events/unparseable</c>).</summary>
    public void EventUnparseable() => Interlocked.Increment(ref _unparseable);

    /// <summary>A row repeated a dedup column value and was dropped (<c>ingest/events/duplicate</c>).</summary>
    public void EventDuplicate() => Interlocked.Increment(ref _duplicate);

    /// <inheritdoc />
    public void RowsOutput(long rows) => _instruments.RowsOutput.Add(rows, Tags);

    /// <inheritdoc />
    public void PersistCompleted(TimeSpan duration)
    {
        _instruments.Persists.Add(1, Tags);
        _instruments.PersistTime.Record(duration.TotalMilliseconds, Tags);
    }

    /// <inheritdoc />
    public void PersistFailed() => _instruments.PersistsFailed.Add(1, Tags);

    /// <inheritdoc />
    public void BackPressure(TimeSpan waited) => _instruments.BackPressure.Add(waited.TotalMilliseconds, Tags);

    /// <inheritdoc />
    public void MergeCompleted(TimeSpan duration) => _instruments.MergeTime.Record(duration.TotalMilliseconds, Tags);

    /// <inheritdoc />
    public void HandoffCompleted() => _instruments.Handoffs.Add(1, Tags);

    /// <inheritdoc />
    public void HandoffFailed() => _instruments.HandoffsFailed.Add(1, Tags);

    /// <inheritdoc />
    public void SinkCount(int sinks) => Volatile.Write(ref _sinks, sinks);

    /// <summary>Stops reporting this pipeline's gauges and counts; its data source and partition may then be reused.</summary>
    public void Dispose() => _instruments.Remove(this);
}
