using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Plumbing;
using Realtime.Core.Serving;
using Realtime.Core.Sql.Sys;

namespace Realtime.Core.Hosting;

/// <summary>
/// Every segment the node knows, as Druid's <c>sys.segments</c> table lists them: the sinks of its pipelines, the
/// segments its cache serves, the used segments of the metadata store and, in a cluster, the segments other servers announce.
/// </summary>
/// <remarks>
/// A broker reads no metadata store: it lists what the cluster announces. The servers it lists are the node itself (by
/// its announced identity in a cluster, else by the first address it listens on) and the announced data servers.
/// </remarks>
public sealed class SegmentCatalog(
    RealtimeManager node,
    SegmentCache cache,
    ISegmentMetadataStore metadataStore,
    IOptions<RealtimeOptions> options,
    IServerInventory? inventory = null,
    ClusterMembership? membership = null,
    IServer? server = null) : ISystemCatalog
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
                    ? held with { Published = true, Descriptor = held.Descriptor ?? used }
                    : Report(used, SegmentState.Published, []) with { Published = true };
            }
        }

        foreach (var server in inventory?.Servers ?? [])
        {
            foreach (var announced in server.Segments)
            {
                var known = reports.TryGetValue(announced.Identifier, out var report);
                // A historical loads only published segments, so one it serves is published even where this node
                // cannot read the metadata store (a broker).
                var onHistorical = server.Server.Type == NodeRoles.Historical;
                var state = onHistorical ? SegmentState.HandedOff : SegmentState.Live;
                reports[announced.Identifier] = !known
                    ? Report(announced, state, [server.Server.Name]) with { Published = onHistorical }
                    : report! with
                    {
                        Servers = [.. report.Servers.Append(server.Server.Name).Distinct(StringComparer.Ordinal)],
                        State = report.State == SegmentState.Published ? state : report.State,
                        Published = report.Published || onHistorical,
                        Size = report.Size == 0 ? announced.Size : report.Size,
                        Descriptor = report.Descriptor ?? announced,
                    };
            }
        }

        return [.. reports.Values
            .OrderBy(r => r.DataSource, StringComparer.Ordinal)
            .ThenBy(r => Abstractions.Time.Interval.Parse(r.Interval).StartMillis)
            .ThenBy(r => r.Version, StringComparer.Ordinal)
            .ThenBy(r => r.Partition)];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SegmentReport>> ListSegmentsAsync(CancellationToken cancellationToken) => ListAsync(Self().Name, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<ServerReport> ListServers()
    {
        var self = Self();
        return [self, .. (inventory?.Servers ?? [])
            .Where(s => s.Server.Name != self.Name)
            .OrderBy(s => s.Server.Name, StringComparer.Ordinal)
            .Select(ServerReport.Announced)];
    }

    private ServerReport Self()
    {
        var role = NodeRoles.Parse(options.Value.Role);
        var tier = role == NodeRoles.Broker ? null : membership?.Self.Tier ?? ServerIdentityOptions.DefaultTier;
        var size = cache.Served.Sum(s => s.Size);
        if (membership?.Self is { } identity)
        {
            return new ServerReport(identity.Name, identity.Host, identity.Port, -1, ServerReport.ServiceType(role), tier, size, identity.MaxSize);
        }

        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var url))
        {
            var host = Dns.GetHostName();
            return new ServerReport(host, host, -1, -1, ServerReport.ServiceType(role), tier, size, 0);
        }

        var https = url.Scheme == Uri.UriSchemeHttps;
        return new ServerReport($"{url.Host}:{url.Port}", url.Host, https ? -1 : url.Port, https ? url.Port : -1, ServerReport.ServiceType(role), tier, size, 0);
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
            rows.Hydrants, rows.PersistedHydrants, rows.Rows, rows.RowsInMemory, size, [server])
        {
            Descriptor = (segment as Sink)?.PushedSegment,
        };
    }

    private static SegmentReport Report(DataSegment segment, SegmentState state, IReadOnlyList<string> servers) =>
        new(segment.Identifier, segment.DataSource, segment.Interval, segment.Version, segment.PartitionNum, state, false, 0, 0, null, 0, segment.Size, servers)
        {
            Descriptor = segment,
        };
}
