using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Plumbing;
using Realtime.Core.Serving;
using Realtime.Core.Storage;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Plumbing;

/// <summary>A plumber's surroundings: a fake clock, real index, deep storage, SQLite metadata and segment cache in a temporary directory.</summary>
internal sealed class PlumberFixture : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _plumbers = [];
    private readonly ServiceProvider _services;
    private readonly Mock<FakeTimeProvider> _clock;

    public PlumberFixture(DateTimeOffset now, IIndexFactory? indexes = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("realtime-plumber-").FullName;
        _clock = new Mock<FakeTimeProvider>(now) { CallBase = true };
        Indexes = indexes ?? StandardIndexes();
        Handoff.Setup(h => h.WaitForHandoffAsync(It.IsAny<DataSegment>(), It.IsAny<CancellationToken>()))
            .Returns<DataSegment, CancellationToken>((_, token) => HandoffGate.Task.WaitAsync(token));
        HandoffGate.SetResult();
        Metadata = new SqliteMetadataStore(Options.Create(new MetadataStoreOptions { ConnectionString = $"Data Source={Path.Combine(Directory, "metadata.db")}" }),
            Clock, NullLogger<SqliteMetadataStore>.Instance);
        Pusher = new CountingPusher(new LocalSegmentPusher(Options.Create(new DeepStorageOptions { Directory = Path.Combine(Directory, "deep") }), NullLogger<LocalSegmentPusher>.Instance));
        Cache = new SegmentCache(Path.Combine(Directory, "cache"));
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(new SpecSerializer(ComponentRegistry.BuiltIn))
            .AddSingleton<ISegmentPusher>(Pusher)
            .AddSingleton<ISegmentPublisher>(Metadata)
            .AddSingleton(Handoff.Object)
            .AddSingleton<IHandedOffSegmentServer>(Cache)
            .BuildServiceProvider();
    }

    public string Directory { get; }

    /// <summary>The plumber's clock: time moves only when a test advances it, firing the timers that fall due on the way.</summary>
    public FakeTimeProvider Clock => _clock.Object;

    /// <summary>The due times of the timers created on <see cref="Clock"/> so far (delays included), in creation order.</summary>
    public IEnumerable<TimeSpan> TimersCreated => _clock.Invocations
        .Where(i => i.Method.Name == nameof(TimeProvider.CreateTimer))
        .Select(i => (TimeSpan)i.Arguments[2]);

    public IIndexFactory Indexes { get; }

    public SqliteMetadataStore Metadata { get; }

    public CountingPusher Pusher { get; }

    public SegmentCache Cache { get; }

    public Mock<IHandoffNotifier> Handoff { get; } = new();

    public TaskCompletionSource HandoffGate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Mock<IIngestionMetrics> Metrics { get; } = new();

    public string PersistDirectory => Path.Combine(Directory, "persist");

    public static IndexFactory StandardIndexes() => new(new IndexSchema(
        [new ColumnSchema("dim", ColumnType.String)],
        [new CountAggregatorFactory { Name = "count" }, new LongSumAggregatorFactory { Name = "value", FieldName = "value" }],
        Granularity.None));

    public TuningConfig Tuning(IRejectionPolicyFactory? rejection = null, int maxRows = 1000, IShardSpec? shardSpec = null, long handoffTimeout = 0, string? dedupColumn = null, long maxBytes = 0) => new()
    {
        BasePersistDirectory = PersistDirectory,
        MaxRowsInMemory = maxRows,
        MaxBytesInMemory = maxBytes,
        RejectionPolicy = rejection,
        ShardSpec = shardSpec,
        HandoffConditionTimeout = handoffTimeout,
        DedupColumn = dedupColumn,
    };

    public async Task<IPlumber> StartAsync(IPlumberSchool school, TuningConfig tuning, string segmentGranularity = "hour")
    {
        var plumber = school.FindPlumber(new PlumberContext
        {
            DataSource = "events",
            SegmentGranularity = Granularity.FromName(segmentGranularity),
            Tuning = tuning,
            Indexes = Indexes,
            Metrics = Metrics.Object,
            TimeProvider = Clock,
            Services = _services,
        });
        _plumbers.Add((IAsyncDisposable)plumber);
        await plumber.StartJobAsync(CancellationToken.None);
        return plumber;
    }

    /// <summary>Stops a plumber as the node does on shutdown, without finishing its job.</summary>
    public async Task StopAsync(IPlumber plumber)
    {
        _plumbers.Remove((IAsyncDisposable)plumber);
        await ((IAsyncDisposable)plumber).DisposeAsync();
    }

    /// <summary>The persisted hydrant directories of a sink, by number.</summary>
    public IReadOnlyList<string> HydrantDirectories(string interval) =>
        System.IO.Directory.Exists(Path.Combine(PersistDirectory, "events", interval))
            ? System.IO.Directory.GetDirectories(Path.Combine(PersistDirectory, "events", interval)).Select(Path.GetFileName).OfType<string>().Where(n => n.All(char.IsDigit)).Order().ToList()
            : [];

    public static InputRow Row(string time, string dim, long value = 1) =>
        new MapInputRow(DateTimes.ParseIso(time), ["dim"], new Dictionary<string, object?> { ["dim"] = dim, ["value"] = value });

    /// <summary>Every row the segments hold now, read through query leases.</summary>
    public static IReadOnlyList<IndexRow> Rows(IEnumerable<IQueryableSegment> segments)
    {
        var rows = new List<IndexRow>();
        foreach (var segment in segments)
        {
            using var lease = segment.Acquire();
            rows.AddRange(lease.Indexes.SelectMany(IndexRows.Read));
        }

        return rows;
    }

    public static long Sum(IEnumerable<IQueryableSegment> segments, string metric) => Rows(segments).Sum(r => Convert.ToInt64(r.Metrics[metric], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Waits for background work (persist, merge, handoff threads) to reach a state.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True, $"Gave up waiting for {what}.");
    }

    public static ICommitter Committer(JsonElement? metadata, Action run) => Committers.Create(metadata, run);

    public async ValueTask DisposeAsync()
    {
        foreach (var plumber in _plumbers)
        {
            await plumber.DisposeAsync();
        }

        Cache.Dispose();
        Metadata.Dispose();
        await _services.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Deep storage that counts pushes.</summary>
    internal sealed class CountingPusher(ISegmentPusher inner) : ISegmentPusher
    {
        private int _pushes;

        public int Pushes => Volatile.Read(ref _pushes);

        public Task<DataSegment> PushAsync(string segmentDirectory, DataSegment segment, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _pushes);
            return inner.PushAsync(segmentDirectory, segment, cancellationToken);
        }
    }
}
