using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Chat;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Components;
using Realtime.Core.Hosting;
using Realtime.Core.Metrics;
using Realtime.Core.Plugins;
using Realtime.Core.Plumbing;
using Realtime.Core.Query;
using Realtime.Core.Serving;
using Realtime.Core.Sql.Sys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the realtime node to a .NET host.</summary>
public static class RealtimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the realtime node: plugin loading, the spec reader, embedded deep storage and metadata store, the cluster
    /// services when <c>Realtime:ZooKeeper:Hosts</c> or <c>Realtime:Role</c> asks for them, metrics, security (<c>Realtime:Security</c>), Druid SQL with its <c>sys</c> tables, the chat-handler registry (<see cref="IChatHandlerRegistry"/>) and the hosted
    /// <see cref="RealtimeManager"/> that runs the pipelines.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The <c>Realtime</c> section (spec file, role, storage, metadata, ZooKeeper, plugins, metrics, security).</param>
    /// <param name="configure">Adds pipelines built in code and component assemblies.</param>
    public static IServiceCollection AddRealtime(this IServiceCollection services, IConfiguration configuration, Action<RealtimeBuilder>? configure = null)
    {
        var builder = new RealtimeBuilder(services);
        configure?.Invoke(builder);

        services.Configure<RealtimeOptions>(configuration);
        services.Configure<PluginOptions>(configuration.GetSection("Plugins"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<PluginLoader>();
        services.TryAddSingleton(sp => RealtimeComponents.Create(
            sp.GetRequiredService<PluginLoader>(),
            sp.GetRequiredService<IOptions<PluginOptions>>().Value,
            builder.ComponentAssemblies));
        services.TryAddSingleton(sp => sp.GetRequiredService<RealtimeComponents>().Serializer);
        services.TryAddSingleton(sp => new SegmentCache(sp.GetRequiredService<IOptions<RealtimeOptions>>().Value.Serving.Directory));
        if (!services.AddRealtimeCluster(configuration))
        {
            services.TryAddSingleton<IHandedOffSegmentServer>(sp => sp.GetRequiredService<SegmentCache>());
        }

        services.AddRealtimeBroker(configuration);
        services.AddRealtimeStorage();
        services.AddRealtimeMetrics(configuration.GetSection("Metrics"));
        services.AddRealtimeSecurity(configuration);
        services.TryAddSingleton<ChatHandlerRegistry>();
        services.TryAddSingleton<IChatHandlerRegistry>(sp => sp.GetRequiredService<ChatHandlerRegistry>());
        services.TryAddSingleton<RealtimeManager>();
        services.AddHostedService(sp => sp.GetRequiredService<RealtimeManager>());
        services.TryAddSingleton<ISegmentSource>(sp => sp.GetRequiredService<RealtimeManager>());
        services.TryAddSingleton(sp => new SegmentCatalog(
            sp.GetRequiredService<RealtimeManager>(),
            sp.GetRequiredService<SegmentCache>(),
            sp.GetRequiredService<ISegmentMetadataStore>(),
            sp.GetRequiredService<IOptions<RealtimeOptions>>(),
            sp.GetService<IServerInventory>() ?? sp.GetService<ServerInventoryView>(),
            sp.GetService<ClusterMembership>(),
            sp.GetService<IServer>()));
        services.TryAddSingleton<ISystemCatalog>(sp => sp.GetRequiredService<SegmentCatalog>());
        services.TryAddSingleton(sp => new QueryExecutor(
            sp.GetRequiredService<ISegmentSource>(),
            sp.GetRequiredService<SpecSerializer>(),
            sp.GetRequiredService<ILogger<QueryExecutor>>(),
            sp.GetRequiredService<IOptions<RealtimeOptions>>().Value.Query,
            sp.GetRequiredService<QueryMetrics>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IQueryExecutor>(sp => sp.GetRequiredService<QueryExecutor>());
        services.AddRealtimeSql();
        return services;
    }
}
