using Microsoft.Extensions.Options;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Plumbing;
using Realtime.Core.Serving;

namespace Realtime.Core.Hosting;

/// <summary>Where a segment is on its way from a live sink to the node that serves it after handoff.</summary>
public enum SegmentState
{
    /// <summary>A sink taking rows: an in-memory hydrant and the hydrants persisted so far.</summary>
    Live,

    /// <summary>A sink that takes no more rows: being merged (or, with the flushing plumber, waiting to be dropped).</summary>
    Sealed,

    /// <summary>Merged and pushed to deep storage, not yet in the metadata store.</summary>
    Pushed,

    /// <summary>Recorded in the metadata store and waiting for handoff, or published and served by no node.</summary>
    Published,

    /// <summary>Served from a segment cache after handoff: this node's, or a historical's.</summary>
    HandedOff,
}

/// <summary>One segment the node knows: its identity, state, rows, size and the servers that serve it.</summary>
/// <param name="Id">Druid's segment id.</param>
/// <param name="DataSource">The data source.</param>
/// <param name="Interval">The segment interval in ISO-8601.</param>
/// <param name="Version">The segment version.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="State">Where the segment is on its way to handoff.</param>
/// <param name="Published">Whether the metadata store records it as used.</param>
/// <param name="Hydrants">The hydrants of a sink held here (0 otherwise).</param>
/// <param name="PersistedHydrants">How many of those hydrants are persisted.</param>
/// <param name="Rows">Rows after rollup, when the segment is held here; null for a segment only other nodes hold.</param>
/// <param name="RowsInMemory">Rows in the in-memory hydrant of a sink held here.</param>
/// <param name="Size">
/// Bytes: the recorded size of a pushed segment, or for a sink the in-memory estimate plus its persisted hydrants' data files.
/// </param>
/// <param name="Servers">The servers (<c>host:port</c>) that serve it, this node included.</param>
public sealed record SegmentReport(
    string Id,
    string DataSource,
    string Interval,
    string Version,
    int Partition,
    SegmentState State,
    bool Published,
    int Hydrants,
    int PersistedHydrants,
    long? Rows,
    long RowsInMemory,
    long Size,
    IReadOnlyList<string> Servers);

/// <summary>
/// Every segment the node knows, as Druid's <c>sys.segments</c> table lists them: the sinks of its pipelines, the
/// segments its cache serves, the used segments of the metadata store and, in a cluster, the segments other servers announce.
/// </summary>
/// <remarks>A broker reads no metadata store: it lists what the cluster announces.</remarks>
public sealed class SegmentCatalog(
    RealtimeManager node,
    SegmentCache cache,
    ISegmentMetadataStore metadataStore,
    IOptions<RealtimeOptions> options,
    IServerInventory? inventory = null,
    ClusterMembership? membership = null)
{
    /// <summary>Lists the segments, ordered by data source, interval start, version and partition.</summary>
    /// <param name="self">This node's name when it is not in a cluster (in a cluster, its announced name is used).</param>
    /// <param name="cancellationToken">Cancels reading the metadata store.</param>
    public async Task<IReadOnlyList<SegmentReport>> ListAsync(string self, CancellationToken cancellationToken)
    {
        var name = membership?.Self.Name ?? self;
        var reports = new Dictionary<string, SegmentReport>(StringComparer.Ordinal);
        foreach (var pipeline in node.Pipelines)
        {
            foreach (var segment in pipeline.Plumber.Segments)
            {
                reports[segment.Id.ToString()] = Held(segment, name);
            }
        }

        var cached = cache.DataSources.SelectMany(cache.GetSegments).ToDictionary(s => s.Id);
        foreach (var served in cache.Served)
        {
            var rows = cached.TryGetValue(served.Id, out var segment) ? SegmentRows.Of(segment).Rows : 0;
            reports[served.Identifier] = Report(served, SegmentState.HandedOff, [name]) with { Rows = rows };
        }

        if (NodeRoles.Parse(options.Value.Role) != NodeRoles.Broker)
        {
            foreach (var used in await metadataStore.GetAllUsedSegmentsAsync(cancellationToken))
            {
                reports[used.Identifier] = reports.TryGetValue(used.Identifier, out var held)
                    ? held with { Published = true }
                    : Report(used, SegmentState.Published, []) with { Published = true };
            }
        }

        foreach (var server in inventory?.Servers ?? [])
        {
            foreach (var announced in server.Segments)
            {
                var known = reports.TryGetValue(announced.Identifier, out var report);
                var state = server.Server.Type == NodeRoles.Historical ? SegmentState.HandedOff : SegmentState.Live;
                reports[announced.Identifier] = !known
                    ? Report(announced, state, [server.Server.Name])
                    : report! with
                    {
                        Servers = [.. report.Servers.Append(server.Server.Name).Distinct(StringComparer.Ordinal)],
                        State = report.State == SegmentState.Published ? state : report.State,
                        Size = report.Size == 0 ? announced.Size : report.Size,
                    };
            }
        }

        return [.. reports.Values
            .OrderBy(r => r.DataSource, StringComparer.Ordinal)
            .ThenBy(r => Abstractions.Time.Interval.Parse(r.Interval).StartMillis)
            .ThenBy(r => r.Version, StringComparer.Ordinal)
            .ThenBy(r => r.Partition)];
    }

    private static SegmentReport Held(IQueryableSegment segment, string server)
    {
        var rows = SegmentRows.Of(segment);
        var (state, published, size) = segment switch
        {
            Sink { PushedSegment: { } pushed } sink => (sink.IsPublished ? SegmentState.Published : SegmentState.Pushed, sink.IsPublished, pushed.Size),
            Sink { IsSealed: true } => (SegmentState.Sealed, false, rows.Bytes),
            _ => (SegmentState.Live, false, rows.Bytes),
        };
        var id = segment.Id;
        return new SegmentReport(id.ToString(), id.DataSource, id.Interval.ToString(), id.Version, id.PartitionNum, state, published,
            rows.Hydrants, rows.PersistedHydrants, rows.Rows, rows.RowsInMemory, size, [server]);
    }

    private static SegmentReport Report(DataSegment segment, SegmentState state, IReadOnlyList<string> servers) =>
        new(segment.Identifier, segment.DataSource, segment.Interval, segment.Version, segment.PartitionNum, state, false, 0, 0, null, 0, segment.Size, servers);
}
