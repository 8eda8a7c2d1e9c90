using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Core.Broker;
using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Metrics;
using Realtime.Core.Query;
using Realtime.Core.Security;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the broker role: the cluster view and the executor that answers queries for the whole cluster.</summary>
public static class RealtimeBrokerServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Realtime:Role</c> = <c>broker</c>, registers <see cref="BrokerServerView"/> (hosted), the HTTP
    /// <see cref="IDataNodeClient"/> (which sends the internal identity, <c>Realtime:Security:Internal</c>, when its password is set) and <see cref="ClusterQueryExecutor"/> as the node's <see cref="IQueryExecutor"/>;
    /// otherwise nothing. Call before the node's own executor is registered.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="realtime">The <c>Realtime</c> configuration section.</param>
    /// <returns>Whether the node is a broker.</returns>
    public static bool AddRealtimeBroker(this IServiceCollection services, IConfiguration realtime)
    {
        if (NodeRoles.Parse(realtime["Role"]) != NodeRoles.Broker)
        {
            return false;
        }

        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.SectionName);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<BrokerOptions>>().Value);
        services.TryAddSingleton<IServerInventory>(sp => sp.GetRequiredService<ServerInventoryView>());
        services.TryAddSingleton<BrokerServerView>();
        services.AddHostedService(sp => sp.GetRequiredService<BrokerServerView>());
        services.TryAddSingleton<IDataNodeClient>(sp => new HttpDataNodeClient(new HttpClient(InternalClientHandler.Wrap(
            sp.GetRequiredService<IOptions<SecurityOptions>>().Value.Internal,
            new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })) { Timeout = Timeout.InfiniteTimeSpan }));
        var queryOptions = realtime.GetSection("Query").Get<QueryOptions>() ?? new QueryOptions();
        services.TryAddSingleton(sp => new ClusterQueryExecutor(
            sp.GetRequiredService<BrokerServerView>(),
            sp.GetRequiredService<IDataNodeClient>(),
            sp.GetRequiredService<SpecSerializer>(),
            sp.GetRequiredService<BrokerOptions>(),
            sp.GetRequiredService<ILogger<ClusterQueryExecutor>>(),
            sp.GetRequiredService<QueryMetrics>(),
            queryOptions,
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IQueryExecutor>(sp => sp.GetRequiredService<ClusterQueryExecutor>());
        return true;
    }
}
