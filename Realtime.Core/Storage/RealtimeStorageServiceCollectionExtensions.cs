using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Storage;
using Realtime.Core.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded deep storage, metadata store and handoff notifier.</summary>
public static class RealtimeStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the deep storage named by <c>Realtime:Storage:Type</c> (<see cref="LocalDeepStorage"/> by default) as
    /// <see cref="ISegmentPusher"/> and <see cref="ISegmentPuller"/>, the metadata store named by <c>Realtime:Metadata:Type</c>
    /// (<see cref="SqliteMetadataStorage"/> by default, or <see cref="PostgreSqlMetadataStorage"/>) as <see cref="ISegmentMetadataStore"/> and <see cref="ISegmentPublisher"/>,
    /// and <see cref="MetadataHandoffNotifier"/> as <see cref="IHandoffNotifier"/>, with options bound from
    /// <c>Realtime:Storage</c>, <c>Realtime:Metadata</c> and <c>Realtime:Handoff</c> of the host's configuration.
    /// </summary>
    /// <remarks>Each service is added only if absent, so a host may register its own (for example a publisher that does nothing) first.</remarks>
    public static IServiceCollection AddRealtimeStorage(this IServiceCollection services)
    {
        services.AddOptions<DeepStorageOptions>().BindConfiguration(DeepStorageOptions.SectionName);
        services.AddOptions<MetadataStoreOptions>().BindConfiguration(MetadataStoreOptions.SectionName);
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<LocalSegmentPusher>();
        services.TryAddSingleton<LocalSegmentPuller>();
        services.TryAddSingleton<SqliteMetadataStore>();
        services.TryAddSingleton<PostgreSqlMetadataStore>();
        services.TryAddSingleton(sp => StorageSelection.Create<IDeepStorage>(
            sp, DeepStorageOptions.SectionName, sp.GetRequiredService<IOptions<DeepStorageOptions>>().Value.Type));
        services.TryAddSingleton(sp => StorageSelection.Create<IMetadataStorage>(
            sp, MetadataStoreOptions.SectionName, sp.GetRequiredService<IOptions<MetadataStoreOptions>>().Value.Type));
        services.TryAddSingleton(sp => sp.GetRequiredService<IDeepStorage>().Pusher);
        services.TryAddSingleton(sp => sp.GetRequiredService<IDeepStorage>().Puller);
        services.TryAddSingleton(sp => sp.GetRequiredService<IMetadataStorage>().Store);
        services.TryAddSingleton<ISegmentPublisher>(sp => sp.GetRequiredService<ISegmentMetadataStore>());
        services.TryAddSingleton<IHandoffNotifier, MetadataHandoffNotifier>();
        return services;
    }
}
