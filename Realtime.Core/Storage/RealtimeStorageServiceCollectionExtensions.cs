using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Abstractions.Storage;
using Realtime.Core.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded deep storage, metadata store and handoff notifier.</summary>
public static class RealtimeStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LocalSegmentPusher"/> as <see cref="ISegmentPusher"/>, <see cref="LocalSegmentPuller"/>,
    /// <see cref="SqliteMetadataStore"/> as <see cref="ISegmentMetadataStore"/> and <see cref="ISegmentPublisher"/>, and
    /// <see cref="MetadataHandoffNotifier"/> as <see cref="IHandoffNotifier"/>, with options bound from
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
        services.TryAddSingleton<ISegmentPusher>(sp => sp.GetRequiredService<LocalSegmentPusher>());
        services.TryAddSingleton<LocalSegmentPuller>();
        services.TryAddSingleton<SqliteMetadataStore>();
        services.TryAddSingleton<ISegmentMetadataStore>(sp => sp.GetRequiredService<SqliteMetadataStore>());
        services.TryAddSingleton<ISegmentPublisher>(sp => sp.GetRequiredService<ISegmentMetadataStore>());
        services.TryAddSingleton<IHandoffNotifier, MetadataHandoffNotifier>();
        return services;
    }
}
