using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Broker;
using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Query;
using Realtime.Testing;

namespace Realtime.Core.Tests.Query;

/// <summary>
/// Data nodes behind a broker, in one process: each node is a real HTTP server (Kestrel on loopback) answering
/// <c>/druid/v2</c> with a <see cref="QueryExecutor"/> over some of the segments of a source, each segment held by
/// <c>copies</c> nodes; the broker's <see cref="ClusterQueryExecutor"/> asks them over HTTP.
/// </summary>
internal sealed class BrokeredNodes : IServerInventory, IAsyncDisposable
{
    private static readonly SpecSerializer Serializer = new(ComponentRegistry.BuiltIn);
    private readonly HttpClient _http = new();
    private readonly List<DataNode> _nodes = [];
    private readonly BrokerServerView _view;

    private BrokeredNodes(BrokerOptions options)
    {
        _view = new BrokerServerView(this);
        Broker = new ClusterQueryExecutor(_view, new HttpDataNodeClient(_http), Serializer, options, NullLogger<ClusterQueryExecutor>.Instance);
    }

    /// <summary>The broker's executor.</summary>
    public ClusterQueryExecutor Broker { get; }

    /// <summary>The data nodes.</summary>
    public IReadOnlyList<DataNode> Nodes => _nodes;

    /// <inheritdoc />
    public IReadOnlyList<ServerInventory> Servers => [.. _nodes.Select(n => new ServerInventory(
        new DruidServerMetadata(n.Name, n.Name, null, 0, NodeRoles.Historical, "_default_tier", 0),
        [.. n.Announced.Select(Describe)]))];

    /// <summary>
    /// Starts <paramref name="nodes"/> data nodes over the segments of <paramref name="dataSource"/> in <paramref name="source"/>,
    /// segment k (in id order) on nodes k, k+1, … (<paramref name="copies"/> of them, modulo the node count).
    /// </summary>
    public static async Task<BrokeredNodes> StartAsync(ISegmentSource source, string dataSource, int nodes = 3, int copies = 2, BrokerOptions? options = null)
    {
        var brokered = new BrokeredNodes(options ?? new BrokerOptions());
        try
        {
            var segments = source.GetSegments(dataSource).Select(s => s.Id).OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
            for (var n = 0; n < nodes; n++)
            {
                var held = segments.Where((_, k) => Enumerable.Range(0, copies).Any(c => (k + c) % nodes == n)).ToHashSet();
                brokered._nodes.Add(await DataNode.StartAsync(new SubsetSource(source, held)));
            }

            brokered._view.Rebuild();
            return brokered;
        }
        catch
        {
            await brokered.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rebuilds the broker's view after a test changed what nodes announce.</summary>
    public void Refresh() => _view.Rebuild();

    /// <inheritdoc />
    public void Start()
    {
    }

    /// <inheritdoc />
    public Task WhenChangedAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _http.Dispose();
    }

    private static DataSegment Describe(SegmentId id) => new()
    {
        DataSource = id.DataSource,
        Interval = id.Interval.ToString(),
        Version = id.Version,
        PartitionNum = id.PartitionNum,
        ShardSpec = JsonSerializer.SerializeToElement(new { type = "linear", partitionNum = id.PartitionNum }),
    };

    /// <summary>One data node: what it announces, and what it serves (which a test may make differ).</summary>
    internal sealed class DataNode : IAsyncDisposable
    {
        private LoopbackApp? _app;

        private DataNode(SubsetSource source, LoopbackApp app)
        {
            Source = source;
            _app = app;
            Name = $"{app.Address.Host}:{app.Address.Port}";
            Announced = [.. source.Held];
        }

        /// <summary>The node's <c>host:port</c>.</summary>
        public string Name { get; }

        /// <summary>The segments the node announces.</summary>
        public HashSet<SegmentId> Announced { get; }

        /// <summary>The segments the node serves.</summary>
        public SubsetSource Source { get; }

        public static async Task<DataNode> StartAsync(SubsetSource source)
        {
            var app = await LoopbackApp.StartAsync(
                app => app.MapRealtimeQueries(),
                services => services.AddSingleton<IQueryExecutor>(new QueryExecutor(source, Serializer, NullLogger<QueryExecutor>.Instance)));
            return new DataNode(source, app);
        }

        /// <summary>Stops the node's HTTP server, as if the process died; it still appears announced.</summary>
        public async Task StopAsync()
        {
            if (_app is { } app)
            {
                _app = null;
                await app.DisposeAsync();
            }
        }

        /// <inheritdoc />
        public ValueTask DisposeAsync() => new(StopAsync());
    }

    /// <summary>The segments of a source that one node holds.</summary>
    internal sealed class SubsetSource(ISegmentSource source, HashSet<SegmentId> held) : ISegmentSource
    {
        /// <summary>The ids of the segments served.</summary>
        public HashSet<SegmentId> Held { get; } = held;

        /// <inheritdoc />
        public IReadOnlyCollection<string> DataSources => source.DataSources;

        /// <inheritdoc />
        public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource) => [.. source.GetSegments(dataSource).Where(s => Held.Contains(s.Id))];

        /// <inheritdoc />
        public IngestionSchema? GetSchema(string dataSource) => source.GetSchema(dataSource);

        /// <inheritdoc />
        public long? GetMaxIngestedEventTime(string dataSource) => source.GetMaxIngestedEventTime(dataSource);
    }
}
