using System.Diagnostics;
using Realtime.Abstractions.Storage;
using Realtime.Core.Storage;

namespace Realtime.Core.Plumbing;

// Handoff: the overseer picks the sinks whose window has passed; the merge thread merges, pushes and publishes each,
// then waits for the handoff notifier.
internal partial class RealtimePlumber
{
    /// <summary>Moves a sink whose window has passed towards its end: merge, push, publish and handoff.</summary>
    protected virtual async Task HandOffAsync(Sink sink, CancellationToken cancellationToken)
    {
        var segment = await MergeAndPushAsync(sink, cancellationToken);
        _ = WaitForHandoffAsync(sink, segment);
    }

    private long MinTimestampToHandOff() =>
        Context.SegmentGranularity.BucketStart(Math.Max(_windowMillis, _rejection.CurrentMaxTime) - _windowMillis);

    private async Task RunMergeQueueAsync()
    {
        await foreach (var sink in _mergeQueue.Reader.ReadAllAsync())
        {
            try
            {
                await HandOffAsync(sink, Stopping);
            }
            catch (Exception e) when (!Stopping.IsCancellationRequested)
            {
                Context.Metrics.HandoffFailed();
                PlumberLog.HandoffFailed(Logger, e, sink.Id.ToString());
                RetryLater(sink);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnOverseerTick()
    {
        ScheduleEligibleSinks();
        _overseer?.Change(DelayToNextOverseerRun(), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan DelayToNextOverseerRun()
    {
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var granularity = Context.SegmentGranularity;
        var next = granularity.Increment(granularity.BucketStart(now)) + _windowMillis;
        while (next <= now)
        {
            next = granularity.Increment(next);
        }

        return TimeSpan.FromMilliseconds(next - now);
    }

    private void ScheduleEligibleSinks()
    {
        var minTimestamp = MinTimestampToHandOff();
        foreach (var (start, sink) in _sinks)
        {
            if (start < minTimestamp)
            {
                Schedule(sink);
            }
        }
    }

    private void Schedule(Sink sink)
    {
        if (_handingOff.TryAdd(sink.Id.Interval.StartMillis, 0))
        {
            _mergeQueue.Writer.TryWrite(sink);
        }
    }

    private async Task<DataSegment> MergeAndPushAsync(Sink sink, CancellationToken cancellationToken)
    {
        var directory = SinkDirectory(sink.Id.Interval);
        var marker = Path.Combine(directory, PushedMarker);
        if (File.Exists(marker))
        {
            PlumberLog.AlreadyPushed(Logger, sink.Id.ToString());
            var pushed = DataSegmentJson.Deserialize(await File.ReadAllBytesAsync(marker, cancellationToken));
            sink.MarkPushed(pushed, published: true);
            return pushed;
        }

        PersistRemaining(sink, cancellationToken);
        var started = Stopwatch.StartNew();
        var indexes = sink.Hydrants.Select(h => h.Index).Where(i => i is not Abstractions.Index.IIncrementalIndex && i.RowCount > 0).ToList();
        var mergedDirectory = Path.Combine(directory, MergedDirectory);
        if (Directory.Exists(mergedDirectory))
        {
            Directory.Delete(mergedDirectory, recursive: true);
        }

        DataSegment segment;
        using (var merged = Context.Indexes.Merge(indexes, mergedDirectory, cancellationToken))
        {
            Context.Metrics.MergeCompleted(started.Elapsed);
            PlumberLog.Merged(Logger, sink.Id.ToString(), merged.RowCount, indexes.Count, started.ElapsedMilliseconds);
            segment = new DataSegment
            {
                DataSource = sink.Id.DataSource,
                Interval = sink.Id.Interval.ToString(),
                Version = sink.Id.Version,
                PartitionNum = sink.Id.PartitionNum,
                Dimensions = string.Join(',', merged.Dimensions.Select(d => d.Name)),
                Metrics = string.Join(',', merged.Metrics.Select(m => m.Name)),
                ShardSpec = _shardSpecJson,
            };
        }

        segment = await _publishing.Pusher.PushAsync(mergedDirectory, segment, cancellationToken);
        sink.MarkPushed(segment, published: false);
        await _publishing.Publisher.PublishAsync(segment, cancellationToken);
        sink.MarkPushed(segment, published: true);
        await File.WriteAllBytesAsync(marker, DataSegmentJson.Serialize(segment), cancellationToken);
        PlumberLog.Published(Logger, segment.Identifier, segment.Size);
        return segment;
    }

    private async Task WaitForHandoffAsync(Sink sink, DataSegment segment)
    {
        try
        {
            await WaitForHandoffConditionAsync(segment);
            _publishing.HandedOffServer?.ServeHandedOff(segment, Path.Combine(SinkDirectory(sink.Id.Interval), MergedDirectory), Context.Indexes);
            Context.Metrics.HandoffCompleted();
            PlumberLog.HandedOff(Logger, segment.Identifier);
            Abandon(sink);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Context.Metrics.HandoffFailed();
            PlumberLog.HandoffFailed(Logger, e, segment.Identifier);
            RetryLater(sink);
        }
    }

    /// <summary>
    /// Waits for the handoff notifier; with a positive <c>handoffConditionTimeout</c>, gives up waiting after it, as
    /// Druid's tasks do: the segment is published and in deep storage, so the sink is dropped anyway.
    /// </summary>
    private async Task WaitForHandoffConditionAsync(DataSegment segment)
    {
        var waiting = _publishing.HandoffNotifier.WaitForHandoffAsync(segment, Stopping);
        var timeout = Context.Tuning.HandoffConditionTimeout;
        if (timeout <= 0)
        {
            await waiting;
            return;
        }

        try
        {
            await waiting.WaitAsync(TimeSpan.FromMilliseconds(timeout), Clock, Stopping);
        }
        catch (TimeoutException)
        {
            PlumberLog.HandoffTimedOut(Logger, segment.Identifier, timeout);
        }
    }

    /// <summary>Lets the overseer pick a failed sink up again; while finishing, tries again after a pause.</summary>
    private void RetryLater(Sink sink)
    {
        _handingOff.TryRemove(sink.Id.Interval.StartMillis, out _);
        if (IsFinishing)
        {
            _ = Task.Delay(RetryPause, Stopping).ContinueWith(_ => Schedule(sink), Stopping, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);
}
