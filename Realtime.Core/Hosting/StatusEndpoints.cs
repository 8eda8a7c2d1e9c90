using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Core.Broker;
using Realtime.Core.Cluster;
using Realtime.Core.Hosting;
using Realtime.Core.Security;
using Realtime.Core.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's status endpoints for the realtime node.</summary>
public static class StatusEndpoints
{
    /// <summary>
    /// The Druid release whose APIs the node implements, reported as <c>version</c> in <c>/status</c> for Druid clients
    /// (client libraries that require 0.14 or later, Grafana's Druid plugin, which reads it as a health check).
    /// </summary>
    /// <remarks>
    /// 0.20.0 is the first release with every native query feature the node answers (the scan query's <c>offset</c>
    /// arrived in 0.20.0; time-ordered scans, timeseries <c>limit</c> and groupBy <c>subtotalsSpec</c> earlier), and its
    /// brokers still discover data nodes through the batch segment announcements and internal discovery the node writes.
    /// </remarks>
    public const string DruidVersion = "0.20.0";

    /// <summary>
    /// Maps <c>GET /status</c> (<c>version</c>: the Druid release the node speaks for, <see cref="DruidVersion"/>;
    /// <c>realtimeVersion</c>: the node's own version; role, plugins, memory, uptime, pipelines with their rows in memory and, in a cluster or as a historical, the
    /// node's role, ZooKeeper connection, served segments and segments that failed to load; on a broker, the data servers
    /// and data sources it sees) and <c>GET /status/health</c>
    /// (always <c>true</c>).
    /// </summary>
    /// <remarks>With security on, <c>/status</c> needs READ on <c>STATE</c>; <c>/status/health</c> answers anyone, for load balancers.</remarks>
    public static IEndpointRouteBuilder MapRealtimeStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status/health", () => Results.Json(true)).AllowEveryone();
        endpoints.MapGet("/status", (RealtimeManager node, SegmentCache cache, IOptions<RealtimeOptions> options, IServiceProvider services) =>
        {
            var membership = services.GetService<ClusterMembership>();
            var historical = services.GetService<HistoricalLoader>();
            var broker = services.GetService<BrokerServerView>();
            var process = Process.GetCurrentProcess();
            var gc = GC.GetGCMemoryInfo();
            return Results.Json(new
            {
                version = DruidVersion,
                realtimeVersion = typeof(RealtimeManager).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                role = NodeRoles.Parse(options.Value.Role),
                modules = node.Components.Plugins.Select(p => new
                {
                    name = p.Name,
                    artifact = p.Path,
                    version = p.ContractsVersion.ToString(),
                    types = p.Components.Select(c => c.TypeName),
                }),
                memory = new
                {
                    maxMemory = gc.TotalAvailableMemoryBytes,
                    totalMemory = process.WorkingSet64,
                    usedMemory = GC.GetTotalMemory(false),
                    freeMemory = gc.TotalAvailableMemoryBytes - GC.GetTotalMemory(false),
                },
                uptime = (DateTimeOffset.UtcNow - node.StartedAt).ToString("c"),
                pipelines = node.Pipelines.Select(p => new
                {
                    dataSource = p.Spec.DataSchema.DataSource,
                    partitionNum = p.Spec.PartitionNum,
                    state = p.State.ToString(),
                    error = p.Error,
                    rowsInMemory = p.RowsInMemory,
                }),
                cluster = membership is null && historical is null ? null : new
                {
                    server = membership?.Self.Name,
                    type = membership?.Self.Type ?? NodeRoles.Historical,
                    tier = membership?.Self.Tier,
                    zooKeeper = membership is null ? null : new { hosts = membership.Hosts, state = membership.State.ToString(), pendingAnnouncements = membership.PendingAnnouncements },
                    servedSegments = cache.Served.Select(s => s.Identifier).Order(StringComparer.Ordinal),
                    failedSegments = historical?.Failures.Select(f => new { segment = f.Key, error = f.Value.Error, at = f.Value.At }),
                },
                broker = broker is null ? null : new
                {
                    inventoryInitialized = broker.Initialized,
                    servers = broker.Servers.Keys.Order(StringComparer.Ordinal),
                    dataSources = broker.DataSources.Order(StringComparer.Ordinal),
                },
            });
        }).RequireResource(ResourceType.State, Permission.StateResource, ResourceAction.Read);
        return endpoints;
    }
}
