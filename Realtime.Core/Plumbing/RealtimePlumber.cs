using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Components;
using Realtime.Core.Serving;
using Realtime.Core.Storage;

namespace Realtime.Core.Plumbing;

/// <summary>
/// The realtime plumber: sinks per segment interval, intermediate persists with back-pressure, and at
/// interval end plus the window period a merge, push, publish and handoff of each sink.
/// </summary>
/// <remarks>
/// The ingest thread calls <see cref="Add"/> and <see cref="Persist"/>. One persist thread writes swapped
/// hydrants and then runs the committer; one merge thread merges and pushes sealed sinks; a timer picks the
/// sinks whose window has passed. Layout under the persist directory: <c>&lt;interval&gt;/sink.json</c>,
/// numbered hydrant directories, <c>merged/</c> and <c>isPushedMarker</c> (holding the pushed descriptor).
/// </remarks>
internal class RealtimePlumber : IPlumber, IAsyncDisposable
{
    private const string MergedDirectory = "merged";
    private const string PushedMarker = "isPushedMarker";
    private const string SinkFile = "sink.json";

    private readonly ConcurrentDictionary<long, Sink> _sinks = new();
    private readonly ConcurrentDictionary<long, byte> _handingOff = new();
    private readonly Channel<Action> _persistQueue = Channel.CreateUnbounded<Action>(new() { SingleReader = true });
    private readonly Channel<Sink> _mergeQueue = Channel.CreateUnbounded<Sink>(new() { SingleReader = true });
    private readonly SemaphoreSlim _persistSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _allHandedOff = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IRejectionPolicy _rejection;
    private readonly IVersioningPolicy _versioning;
    private readonly IShardSpec _shardSpec;
    private readonly long _windowMillis;
    private readonly long _maxBytesInMemory;
    private readonly string _directory;
    private Task _persistWorker = Task.CompletedTask;
    private Task _mergeWorker = Task.CompletedTask;
    private ITimer? _overseer;
    private long _nextFlush;
    private long _persistSequence;

    public RealtimePlumber(PlumberContext context)
    {
        Context = context;
        Clock = context.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        Logger = context.Services.GetService<ILoggerFactory>()?.CreateLogger(GetType()) ?? NullLogger.Instance;
        var tuning = context.Tuning;
        _rejection = (tuning.RejectionPolicy ?? new ServerTimeRejectionPolicyFactory()).Create(tuning.WindowPeriod, Clock);
        _versioning = tuning.VersioningPolicy ?? new IntervalStartVersioningPolicy();
        _shardSpec = tuning.ShardSpec ?? new NoneShardSpec();
        _windowMillis = (long)tuning.WindowPeriod.TotalMilliseconds;
        _maxBytesInMemory = tuning.MaxBytesInMemory > 0 ? tuning.MaxBytesInMemory : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 6;
        _persistSlots = new SemaphoreSlim(Math.Max(0, tuning.MaxPendingPersists) + 1);
        var root = tuning.BasePersistDirectory ?? Directory.CreateTempSubdirectory("realtime-persist-").FullName;
        if (tuning.BasePersistDirectory is null)
        {
            PlumberLog.TemporaryPersistDirectory(Logger, context.DataSource, root);
        }

        _directory = Path.GetFullPath(Path.Combine(root, _shardSpec.PartitionNum == 0 ? context.DataSource : $"{context.DataSource}_{_shardSpec.PartitionNum}"));
    }

    protected PlumberContext Context { get; }

    protected TimeProvider Clock { get; }

    protected ILogger Logger { get; }

    protected CancellationToken Stopping => _stopping.Token;

    protected bool IsFinishing { get; private set; }

    public IReadOnlyList<IQueryableSegment> Segments => _sinks.Values.ToArray<IQueryableSegment>();

    public ValueTask<JsonElement?> StartJobAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var latest = BootstrapSinksFromDisk(cancellationToken);
        _persistWorker = Task.Factory.StartNew(() => RunPersistQueueAsync(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _mergeWorker = Task.Factory.StartNew(() => RunMergeQueueAsync(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        ResetNextFlush();
        _overseer = Clock.CreateTimer(_ => OnOverseerTick(), null, DelayToNextOverseerRun(), Timeout.InfiniteTimeSpan);
        ScheduleEligibleSinks();
        return ValueTask.FromResult(latest?.Metadata);
    }

    public AddResult Add(InputRow row, Func<ICommitter> committerSupplier)
    {
        if (IsFinishing || !_rejection.Accept(row.TimestampMillis))
        {
            return AddResult.ThrownAway;
        }

        var sink = GetOrCreateSink(row.TimestampMillis);
        var result = sink.Add(row);
        if (result.Status == AddStatus.Added && NeedsPersist(sink))
        {
            Persist(committerSupplier());
        }

        return result;
    }

    public void Persist(ICommitter committer)
    {
        var swapped = new List<(Sink Sink, Hydrant Hydrant)>();
        foreach (var sink in _sinks.Values)
        {
            if (sink.Swap() is { } hydrant)
            {
                swapped.Add((sink, hydrant));
            }
        }

        var waited = Stopwatch.StartNew();
        _persistSlots.Wait(Stopping);
        if (waited.ElapsedMilliseconds > 0)
        {
            Context.Metrics.BackPressure(waited.Elapsed);
        }

        _persistQueue.Writer.TryWrite(() => PersistHydrants(swapped, committer));
        ResetNextFlush();
    }

    public virtual async ValueTask FinishJobAsync(CancellationToken cancellationToken)
    {
        IsFinishing = true;
        foreach (var sink in _sinks.Values)
        {
            Schedule(sink);
        }

        var timeout = Context.Tuning.HandoffConditionTimeout;
        if (_sinks.IsEmpty)
        {
            _allHandedOff.TrySetResult();
        }

        try
        {
            await (timeout > 0 ? _allHandedOff.Task.WaitAsync(TimeSpan.FromMilliseconds(timeout), cancellationToken) : _allHandedOff.Task.WaitAsync(cancellationToken));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Handoff of {string.Join(", ", _sinks.Values.Select(s => s.Id))} did not complete within handoffConditionTimeout ({timeout} ms).");
        }

        await StopWorkersAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        foreach (var sink in _sinks.Values)
        {
            sink.Release();
        }

        _sinks.Clear();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Moves a sink whose window has passed towards its end: merge, push, publish and handoff.</summary>
    protected virtual async Task HandOffAsync(Sink sink, CancellationToken cancellationToken)
    {
        var segment = await MergeAndPushAsync(sink, cancellationToken);
        _ = WaitForHandoffAsync(sink, segment);
    }

    /// <summary>Writes every hydrant of a sealed sink that is still in memory (without a commit).</summary>
    protected void PersistRemaining(Sink sink, CancellationToken cancellationToken)
    {
        sink.Seal();
        sink.Swap();
        foreach (var hydrant in sink.Hydrants)
        {
            PersistHydrant(sink, hydrant, null, cancellationToken);
        }
    }

    /// <summary>Stops serving a sink and deletes its persisted files.</summary>
    protected void Abandon(Sink sink)
    {
        if (_sinks.TryRemove(sink.Id.Interval.StartMillis, out _))
        {
            sink.Release();
            Context.Metrics.SinkCount(_sinks.Count);
        }

        _handingOff.TryRemove(sink.Id.Interval.StartMillis, out _);
        var directory = SinkDirectory(sink.Id.Interval);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        if (IsFinishing && _sinks.IsEmpty)
        {
            _allHandedOff.TrySetResult();
        }
    }

    private long MinTimestampToHandOff() =>
        Context.SegmentGranularity.BucketStart(Math.Max(_windowMillis, _rejection.CurrentMaxTime) - _windowMillis);

    private bool NeedsPersist(Sink sink) =>
        sink.RowsInMemory >= Context.Tuning.MaxRowsInMemory
        || sink.BytesInMemory >= _maxBytesInMemory
        || Clock.GetUtcNow().ToUnixTimeMilliseconds() > Volatile.Read(ref _nextFlush);

    private void ResetNextFlush() =>
        Volatile.Write(ref _nextFlush, Clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)Context.Tuning.IntermediatePersistPeriod.TotalMilliseconds);

    private Sink GetOrCreateSink(long timestamp)
    {
        var start = Context.SegmentGranularity.BucketStart(timestamp);
        if (_sinks.TryGetValue(start, out var sink))
        {
            return sink;
        }

        var interval = new Interval(start, Context.SegmentGranularity.Increment(start));
        var created = new Sink(new SegmentId(Context.DataSource, interval, _versioning.GetVersion(interval), _shardSpec.PartitionNum), Context.Indexes, [], Context.Tuning.DedupColumn);
        var directory = SinkDirectory(interval);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, SinkFile), JsonSerializer.Serialize(new SinkDescriptor(interval.ToString(), created.Id.Version, created.Id.PartitionNum)));
        _sinks[start] = created;
        Context.Metrics.SinkCount(_sinks.Count);
        PlumberLog.SinkCreated(Logger, created.Id.ToString());
        return created;
    }

    private string SinkDirectory(Interval interval) => Path.Combine(_directory, interval.ToPathString());

    private void PersistHydrants(List<(Sink Sink, Hydrant Hydrant)> swapped, ICommitter committer)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var metadata = CommitRecord.Wrap(Interlocked.Increment(ref _persistSequence), committer.Metadata);
            long rows = 0;
            foreach (var (sink, hydrant) in swapped)
            {
                rows += PersistHydrant(sink, hydrant, metadata, Stopping);
            }

            Context.Metrics.RowsOutput(rows);
            Context.Metrics.PersistCompleted(started.Elapsed);
            PlumberLog.Persisted(Logger, swapped.Count, rows, started.ElapsedMilliseconds);
            committer.Run();
        }
        catch (Exception e) when (e is not OperationCanceledException || !Stopping.IsCancellationRequested)
        {
            Context.Metrics.PersistFailed();
            PlumberLog.PersistFailed(Logger, e);
        }
        finally
        {
            _persistSlots.Release();
        }
    }

    private int PersistHydrant(Sink sink, Hydrant hydrant, JsonElement? metadata, CancellationToken cancellationToken)
    {
        lock (hydrant)
        {
            if (hydrant.InMemory is not { RowCount: > 0 } index)
            {
                return 0;
            }

            var directory = Path.Combine(SinkDirectory(sink.Id.Interval), hydrant.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            hydrant.Swap(Context.Indexes.Persist(index, directory, metadata, cancellationToken));
            return index.RowCount;
        }
    }

    private async Task RunPersistQueueAsync()
    {
        await foreach (var persist in _persistQueue.Reader.ReadAllAsync())
        {
            persist();
        }
    }

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
        var options = Context.Services.GetRequiredService<SpecSerializer>().Options;
        if (File.Exists(marker))
        {
            PlumberLog.AlreadyPushed(Logger, sink.Id.ToString());
            return DataSegmentJson.Deserialize(await File.ReadAllBytesAsync(marker, cancellationToken));
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
                ShardSpec = JsonSerializer.SerializeToElement(_shardSpec, options),
            };
        }

        segment = await Context.Services.GetRequiredService<ISegmentPusher>().PushAsync(mergedDirectory, segment, cancellationToken);
        await Context.Services.GetRequiredService<ISegmentPublisher>().PublishAsync(segment, cancellationToken);
        await File.WriteAllBytesAsync(marker, DataSegmentJson.Serialize(segment), cancellationToken);
        PlumberLog.Published(Logger, segment.Identifier, segment.Size);
        return segment;
    }

    private async Task WaitForHandoffAsync(Sink sink, DataSegment segment)
    {
        try
        {
            await Context.Services.GetRequiredService<IHandoffNotifier>().WaitForHandoffAsync(segment, Stopping);
            if (Context.Services.GetService<SegmentCache>() is { } cache)
            {
                var local = cache.PathFor(segment);
                if (Directory.Exists(local))
                {
                    Directory.Delete(local, recursive: true);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                Directory.Move(Path.Combine(SinkDirectory(sink.Id.Interval), MergedDirectory), local);
                cache.Add(segment, Context.Indexes.Load(local));
            }

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

    private CommitRecord? BootstrapSinksFromDisk(CancellationToken cancellationToken)
    {
        CommitRecord? latest = null;
        foreach (var sinkDirectory in Directory.EnumerateDirectories(_directory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var descriptorFile = Path.Combine(sinkDirectory, SinkFile);
            if (!File.Exists(descriptorFile))
            {
                continue;
            }

            var descriptor = JsonSerializer.Deserialize<SinkDescriptor>(File.ReadAllText(descriptorFile))
                ?? throw new InvalidDataException($"{descriptorFile} is empty.");
            var interval = Interval.Parse(descriptor.Interval);
            var hydrants = new List<Hydrant>();
            foreach (var (number, hydrantDirectory) in NumberedDirectories(sinkDirectory))
            {
                try
                {
                    var index = Context.Indexes.Load(hydrantDirectory);
                    hydrants.Add(new Hydrant(number, index));
                    if (CommitRecord.Unwrap(index.CommitMetadata) is { } record && (latest is null || record.Sequence > latest.Sequence))
                    {
                        latest = record;
                    }
                }
                catch (InvalidDataException e)
                {
                    var corrupted = Path.Combine(_directory, "corrupted", Path.GetFileName(sinkDirectory), number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(Path.GetDirectoryName(corrupted)!);
                    Directory.Move(hydrantDirectory, corrupted);
                    PlumberLog.CorruptHydrant(Logger, e, hydrantDirectory, corrupted);
                }
            }

            var sink = new Sink(new SegmentId(Context.DataSource, interval, descriptor.Version, descriptor.PartitionNum), Context.Indexes, hydrants, Context.Tuning.DedupColumn);
            _sinks[interval.StartMillis] = sink;
            PlumberLog.SinkRecovered(Logger, sink.Id.ToString(), hydrants.Count, hydrants.Sum(h => (long)h.Index.RowCount));
        }

        _persistSequence = latest?.Sequence ?? 0;
        Context.Metrics.SinkCount(_sinks.Count);
        return latest;
    }

    private static IEnumerable<(int Number, string Path)> NumberedDirectories(string sinkDirectory) =>
        Directory.EnumerateDirectories(sinkDirectory)
            .Select(d => (Ok: int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n), Number: n, Path: d))
            .Where(d => d.Ok)
            .OrderBy(d => d.Number)
            .Select(d => (d.Number, d.Path));

    private async Task StopWorkersAsync()
    {
        _overseer?.Dispose();
        _persistQueue.Writer.TryComplete();
        await _persistWorker;
        _mergeQueue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _mergeWorker;
    }

    private sealed record SinkDescriptor(string Interval, string Version, int PartitionNum);

    /// <summary>The commit metadata stored with persisted hydrants: the firehose's metadata and the persist's sequence number.</summary>
    private sealed record CommitRecord(long Sequence, JsonElement? Metadata)
    {
        public static JsonElement Wrap(long sequence, JsonElement? metadata) => JsonSerializer.SerializeToElement(new CommitRecord(sequence, metadata));

        public static CommitRecord? Unwrap(JsonElement? stored) =>
            stored is { ValueKind: JsonValueKind.Object } element ? element.Deserialize<CommitRecord>() : null;
    }
}
