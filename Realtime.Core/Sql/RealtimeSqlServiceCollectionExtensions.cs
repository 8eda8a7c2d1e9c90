using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Core.Sql;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Sys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Druid SQL to a node.</summary>
public static class RealtimeSqlServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SqlEngine"/> over the node's <c>IQueryExecutor</c> (its own segments, or the cluster's on a
    /// broker) and the <c>sys</c> tables <c>segments</c>, <c>servers</c> and <c>server_segments</c>, which read the
    /// registered <see cref="ISystemCatalog"/>.
    /// </summary>
    /// <param name="services">The host's services; they must hold an <c>IQueryExecutor</c>, an <c>IResourceAuthorizer</c> and an <see cref="ISystemCatalog"/>.</param>
    public static IServiceCollection AddRealtimeSql(this IServiceCollection services)
    {
        services.TryAddSingleton<SqlEngine>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISqlSystemTable, SegmentsTable>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISqlSystemTable, ServersTable>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISqlSystemTable, ServerSegmentsTable>());
        return services;
    }
}
