using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Core.Components;
using Realtime.Core.Index;
using Realtime.Core.Plumbing;
using Realtime.Core.Query;
using Realtime.Core.Spec;
using Realtime.Core.Tests.Plumbing;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Query;

/// <summary>Where ingested rows end up before a query reads them.</summary>
public enum Layout
{
    /// <summary>Every row in the in-memory index of a live sink.</summary>
    InMemory,

    /// <summary>Every row in persisted hydrants of live sinks.</summary>
    Persisted,

    /// <summary>Every row in merged segments that were handed off and are served from the segment cache.</summary>
    HandedOff,

    /// <summary>
    /// The earlier segment intervals handed off; the later ones live, their first rows persisted (in several hydrants
    /// when <c>maxRowsInMemory</c> is small) and the rest in memory.
    /// </summary>
    Mixed,

    /// <summary>
    /// The segments of <see cref="Mixed"/> spread over three data nodes, two copies each, queried through a broker
    /// that asks the nodes over HTTP and merges their partial results.
    /// </summary>
    Brokered,
}

/// <summary>
/// A realtime node in miniature for query tests: JSON events go through the real parser and realtime plumbers onto
/// real indexes in a temporary directory. One plumber ingests rows and finishes its job, so its sinks are merged,
/// pushed, published and handed off to the segment cache; another keeps its sinks live. The cluster serves both to
/// a <see cref="QueryExecutor"/> as the node's <see cref="ISegmentSource"/> does.
/// </summary>
internal sealed class QueryCluster : ISegmentSource, IAsyncDisposable
{
    /// <summary>The data source every row is ingested into.</summary>
    public const string DataSource = "events";

    private static readonly SpecSerializer Serializer = new(ComponentRegistry.BuiltIn);
    private static readonly DateTimeOffset Now = new(2013, 8, 31, 10, 5, 0, TimeSpan.Zero);

    private readonly PlumberFixture _fixture;
    private readonly IInputRowParser _parser;
    private readonly string _segmentGranularity;
    private readonly int _maxRowsInMemory;
    private IPlumber? _live;
    private BrokeredNodes? _brokered;

    private QueryCluster(DataSchema schema, string segmentGranularity, int maxRowsInMemory)
    {
        _fixture = new PlumberFixture(Now, new IndexFactory(new IndexSchema(
            schema.ExplicitDimensions, schema.MetricsSpec, schema.GranularitySpec.QueryGranularity, schema.GranularitySpec.Rollup)));
        _parser = schema.Parser!.Create(new ParserContext { ImplicitExclusions = schema.ImplicitExclusions, Services = Mock.Of<IServiceProvider>() });
        _segmentGranularity = segmentGranularity;
        _maxRowsInMemory = maxRowsInMemory;
        Executor = CreateExecutor(this);
    }

    /// <summary>Runs queries over the cluster.</summary>
    public QueryExecutor Executor { get; }

    /// <summary>The live plumber, once rows were added to it.</summary>
    public IPlumber Live => _live ?? throw new InvalidOperationException("No live plumber was started.");

    /// <inheritdoc />
    public IReadOnlyCollection<string> DataSources => [DataSource];

    /// <summary>
    /// Starts a cluster for <paramref name="dataSchemaJson"/> (a Druid <c>dataSchema</c>; its data source is
    /// <see cref="DataSource"/>) and ingests <paramref name="events"/>, one JSON object a line, in <paramref name="layout"/>.
    /// </summary>
    public static async Task<QueryCluster> StartAsync(string dataSchemaJson, IEnumerable<string> events, Layout layout, string segmentGranularity = "day", int maxRowsInMemory = 75000)
    {
        var schema = Serializer.Deserialize<DataSchema>(dataSchemaJson, "dataSchema");
        var cluster = new QueryCluster(schema, segmentGranularity, maxRowsInMemory);
        try
        {
            var rows = events.Select(cluster.Parse).ToList();
            await cluster.DistributeAsync(rows, layout == Layout.Brokered ? Layout.Mixed : layout);
            if (layout == Layout.Brokered)
            {
                cluster._brokered = await BrokeredNodes.StartAsync(cluster, DataSource);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>An executor over <paramref name="source"/> with the built-in components, <paramref name="options"/> (the defaults when null) and timeouts on <paramref name="clock"/> (the system clock when null).</summary>
    public static QueryExecutor CreateExecutor(ISegmentSource source, QueryOptions? options = null, TimeProvider? clock = null) =>
        new(source, Serializer, NullLogger<QueryExecutor>.Instance, options, clock: clock);

    /// <summary>Parses one JSON event as the pipeline would.</summary>
    public InputRow Parse(string json) =>
        _parser.Parse(Encoding.UTF8.GetBytes(json)) ?? throw new ArgumentException($"The parser dropped the event {json}.", nameof(json));

    /// <summary>Adds a row to the live plumber, starting it if needed; a full in-memory index is persisted as in the pipeline.</summary>
    public async Task<AddStatus> AddAsync(InputRow row)
    {
        _live ??= await _fixture.StartAsync(new RealtimePlumberSchool(), Tuning(), _segmentGranularity);
        return _live.Add(row, () => Committers.Nil).Status;
    }

    /// <summary>Ingests <paramref name="rows"/> with a plumber of their own, then finishes its job so that each sink is handed off.</summary>
    public async Task HandOffAsync(IEnumerable<InputRow> rows)
    {
        var plumber = await _fixture.StartAsync(new RealtimePlumberSchool(), Tuning(), _segmentGranularity);
        foreach (var row in rows)
        {
            plumber.Add(row, () => Committers.Nil);
        }

        await plumber.FinishJobAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        await _fixture.StopAsync(plumber);
    }

    /// <summary>Persists every in-memory index of the live plumber and waits until the hydrants are on disk.</summary>
    public async Task PersistAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Live.Persist(Committers.Create(null, done.SetResult));
        await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Runs query JSON, through the broker in the <see cref="Layout.Brokered"/> layout.</summary>
    public Task<JsonArray> RunAsync(string queryJson, CancellationToken cancellationToken = default) =>
        _brokered is { } brokered ? brokered.Broker.RunAsync(queryJson, cancellationToken) : Executor.RunAsync(queryJson, cancellationToken);

    /// <summary>How many served segments, persisted live indexes and in-memory indexes with rows the data spans now.</summary>
    public (int Served, int Persisted, int InMemory) Census()
    {
        var served = _fixture.Cache.GetSegments(DataSource).Count;
        int persisted = 0, inMemory = 0;
        foreach (var segment in _live?.Segments ?? [])
        {
            using var lease = segment.Acquire();
            persisted += lease.Indexes.Count(i => i is not IIncrementalIndex && i.RowCount > 0);
            inMemory += lease.Indexes.Count(i => i is IIncrementalIndex && i.RowCount > 0);
        }

        return (served, persisted, inMemory);
    }

    /// <inheritdoc />
    public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource)
    {
        if (dataSource != DataSource)
        {
            return [];
        }

        var byId = _fixture.Cache.GetSegments(dataSource).ToDictionary(s => s.Id);
        foreach (var segment in _live?.Segments ?? [])
        {
            byId.TryAdd(segment.Id, segment);
        }

        return [.. byId.Values];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_brokered is { } brokered)
        {
            await brokered.DisposeAsync();
        }

        await _fixture.DisposeAsync();
    }

    private TuningConfig Tuning() => _fixture.Tuning(new NoneRejectionPolicyFactory(), _maxRowsInMemory);

    private async Task DistributeAsync(List<InputRow> rows, Layout layout)
    {
        var segments = Granularity.FromName(_segmentGranularity);
        var starts = rows.Select(r => segments.BucketStart(r.TimestampMillis)).Distinct().Order().ToList();
        var firstLive = layout switch
        {
            Layout.HandedOff => long.MaxValue,
            Layout.Mixed when starts.Count > 1 => starts[starts.Count / 2],
            _ => long.MinValue,
        };

        var handedOff = rows.Where(r => segments.BucketStart(r.TimestampMillis) < firstLive).ToList();
        if (handedOff.Count > 0)
        {
            await HandOffAsync(handedOff);
        }

        var live = rows.Where(r => segments.BucketStart(r.TimestampMillis) >= firstLive).ToList();
        var persisted = layout switch
        {
            Layout.Persisted => live.Count,
            Layout.Mixed => live.Count / 2,
            _ => 0,
        };

        for (var i = 0; i < live.Count; i++)
        {
            await AddAsync(live[i]);
            if (i == persisted - 1)
            {
                await PersistAsync();
            }
        }
    }
}
