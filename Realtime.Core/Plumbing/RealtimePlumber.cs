using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Sdk;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;

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
/// The persist worker, the handoff pipeline and recovery from disk are in the partial files named after them; what
/// the plumber publishes through is resolved once, into <see cref="PublishingServices"/>.
/// </remarks>
internal partial class RealtimePlumber : IPlumber, IAsyncDisposable
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
    private readonly PublishingServices _publishing;
    private readonly IRejectionPolicy _rejection;
    private readonly IVersioningPolicy _versioning;
    private readonly IShardSpec _shardSpec;
    private readonly long _windowMillis;
    private readonly long _maxBytesInMemory;
    private readonly string _directory;
    private readonly JsonElement _shardSpecJson;
    private Task _persistWorker = Task.CompletedTask;
    private Task _mergeWorker = Task.CompletedTask;
    private ITimer? _overseer;
    private long _nextFlush;
    private long _persistSequence;

    public RealtimePlumber(PlumberContext context)
    {
        Context = context;
        Clock = context.TimeProvider;
        Logger = context.LoggerFactory.CreateLogger(GetType());
        _publishing = PublishingServices.From(context.Services);
        var tuning = context.Tuning;
        _rejection = DefaultPolicies.RejectionPolicy(tuning).Create(tuning.WindowPeriod, Clock);
        _versioning = DefaultPolicies.VersioningPolicy(tuning);
        _shardSpec = DefaultPolicies.ShardSpec(tuning);
        _shardSpecJson = JsonSerializer.SerializeToElement(_shardSpec, _publishing.SpecOptions);
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

    /// <summary>Stops serving a sink and deletes its persisted files.</summary>
    protected void Abandon(Sink sink)
    {
        if (_sinks.TryRemove(sink.Id.Interval.StartMillis, out _))
        {
            _publishing.Announcer?.Unannounce(Announced(sink));
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
        _publishing.Announcer?.Announce(Announced(created));
        return created;
    }

    /// <summary>
    /// The descriptor a live sink is announced with, as Druid's sinks announce themselves: no load spec, no
    /// dimensions, the metric names and the pipeline's shard spec.
    /// </summary>
    private DataSegment Announced(Sink sink) => new()
    {
        DataSource = sink.Id.DataSource,
        Interval = sink.Id.Interval.ToString(),
        Version = sink.Id.Version,
        PartitionNum = sink.Id.PartitionNum,
        LoadSpec = EmptyLoadSpec,
        Metrics = string.Join(',', sink.Hydrants[^1].Index.Metrics.Select(m => m.Name)),
        ShardSpec = _shardSpecJson,
        BinaryVersion = 0,
    };

    private static readonly JsonElement EmptyLoadSpec = JsonSerializer.SerializeToElement(new { });

    private string SinkDirectory(Interval interval) => Path.Combine(_directory, interval.ToPathString());

    private async Task StopWorkersAsync()
    {
        _overseer?.Dispose();
        _persistQueue.Writer.TryComplete();
        await _persistWorker;
        _mergeQueue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _mergeWorker;
    }
}
