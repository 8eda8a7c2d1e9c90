using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Core.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Realtime's ingestion metrics and their Prometheus exposition.</summary>
public static class RealtimeMetricsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, <see cref="RealtimeMetrics"/> and <see cref="PrometheusExporter"/> as singletons.</summary>
    /// <remarks>Map the endpoint with <c>MapRealtimeMetrics</c>, which also starts the exporter listening.</remarks>
    public static IServiceCollection AddRealtimeMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RealtimeMetrics>();
        services.TryAddSingleton<PrometheusExporter>();
        return services;
    }
}
