using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Plumbing;
using Realtime.Core.ZooKeeper;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the node's part in a cluster: ZooKeeper, announcements, handoff to historicals and the historical role.</summary>
public static class RealtimeClusterServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Realtime:ZooKeeper:Hosts</c> set, registers the ZooKeeper client, the node's announcements
    /// (<see cref="ClusterMembership"/>, <see cref="BatchSegmentAnnouncer"/>), the cluster's view
    /// (<see cref="ServerInventoryView"/>) and <see cref="ClusterHandoffNotifier"/>; with <c>Realtime:Role</c> =
    /// <c>historical</c>, the <see cref="HistoricalLoader"/>. A broker gets the ZooKeeper client and the cluster's view
    /// only, as it announces nothing. Without either it registers nothing: the node runs alone.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="realtime">The <c>Realtime</c> configuration section.</param>
    /// <returns>Whether the node is in a cluster (ZooKeeper is configured).</returns>
    /// <exception cref="ClusterConfigurationException">The role is unknown, or a broker has no ZooKeeper to find data nodes in.</exception>
    public static bool AddRealtimeCluster(this IServiceCollection services, IConfiguration realtime)
    {
        var role = NodeRoles.Parse(realtime["Role"]);
        var clustered = realtime["ZooKeeper:Hosts"] is { Length: > 0 };
        if (role == NodeRoles.Broker && !clustered)
        {
            throw new ClusterConfigurationException("A broker finds the data nodes through ZooKeeper: set Realtime:ZooKeeper:Hosts (for example --Realtime:ZooKeeper:Hosts=127.0.0.1:2181).");
        }

        services.AddOptions<ZooKeeperOptions>().BindConfiguration(ZooKeeperOptions.SectionName);
        services.AddOptions<ServerIdentityOptions>().BindConfiguration(ServerIdentityOptions.SectionName);
        services.AddOptions<HistoricalOptions>().BindConfiguration(HistoricalOptions.SectionName);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ZooKeeperOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<HistoricalOptions>>().Value);
        services.TryAddSingleton(sp => ServerIdentity.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<ServerIdentityOptions>>().Value));
        if (clustered)
        {
            services.TryAddSingleton<IZooKeeperClient>(sp =>
            {
                var options = sp.GetRequiredService<ZooKeeperOptions>();
                return new ZooKeeperClient(options.Hosts!, options.SessionTimeout, sp.GetRequiredService<ILogger<ZooKeeperClient>>(), sp.GetService<TimeProvider>());
            });
            services.TryAddSingleton(sp => ZPaths.Under(sp.GetRequiredService<ZooKeeperOptions>().Base));
            services.TryAddSingleton<ServerInventoryView>();
            if (role == NodeRoles.Broker)
            {
                return true;
            }

            services.TryAddSingleton<Announcer>();
            services.TryAddSingleton<BatchSegmentAnnouncer>();
            services.TryAddSingleton<ISegmentAnnouncer>(sp => sp.GetRequiredService<BatchSegmentAnnouncer>());
            services.TryAddSingleton<IHandoffNotifier, ClusterHandoffNotifier>();
            services.TryAddSingleton<ClusterMembership>();
            services.AddHostedService(sp => sp.GetRequiredService<ClusterMembership>());
        }

        if (role == NodeRoles.Historical)
        {
            services.TryAddSingleton<HistoricalLoader>();
            services.AddHostedService(sp => sp.GetRequiredService<HistoricalLoader>());
        }

        return clustered;
    }
}
