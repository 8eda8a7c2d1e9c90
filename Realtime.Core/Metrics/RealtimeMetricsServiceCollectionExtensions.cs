using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using Realtime.Core.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Realtime's metrics and their export through OpenTelemetry.</summary>
public static class RealtimeMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, <see cref="RealtimeMetrics"/>, <see cref="QueryMetrics"/>, <see cref="SecurityMetrics"/> and an
    /// OpenTelemetry meter provider that reads the <see cref="RealtimeMetrics.MeterName"/> meter and serves it to Prometheus.
    /// </summary>
    /// <remarks>Map the endpoint with <c>MapRealtimeMetrics</c>. A second call adds nothing.</remarks>
    public static IServiceCollection AddRealtimeMetrics(this IServiceCollection services) => services.AddRealtimeMetrics(new RealtimeMetricsOptions());

    /// <summary>
    /// Registers the metrics as <see cref="AddRealtimeMetrics(IServiceCollection)"/> does, and an OpenTelemetry Protocol exporter when
    /// <paramref name="configuration"/> sets <c>Otlp:Endpoint</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The <c>Realtime:Metrics</c> section, bound to <see cref="RealtimeMetricsOptions"/>.</param>
    public static IServiceCollection AddRealtimeMetrics(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRealtimeMetrics(configuration.Get<RealtimeMetricsOptions>() ?? new RealtimeMetricsOptions());

    private static IServiceCollection AddRealtimeMetrics(this IServiceCollection services, RealtimeMetricsOptions options)
    {
        if (services.Any(d => d.ServiceType == typeof(RealtimeMetrics)))
        {
            return services;
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => WithMeterProvider(sp, () => ActivatorUtilities.CreateInstance<RealtimeMetrics>(sp)));
        services.AddSingleton(sp => WithMeterProvider(sp, () => ActivatorUtilities.CreateInstance<QueryMetrics>(sp)));
        services.AddSingleton(sp => WithMeterProvider(sp, () => ActivatorUtilities.CreateInstance<SecurityMetrics>(sp)));
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // Each scrape collects afresh, so /metrics never lags behind what the node has done.
            metrics.AddMeter(RealtimeMetrics.MeterName).AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (options.Otlp.Endpoint is { } endpoint)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = options.Otlp.Protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Otlp.ExportInterval.TotalMilliseconds;
                });
            }
        });
        return services;
    }

    /// <summary>
    /// Builds the meter provider before the instruments, so it listens from their first measurement on, even when they are
    /// used before the host starts (where the provider would otherwise be built) or before the first scrape.
    /// </summary>
    private static T WithMeterProvider<T>(IServiceProvider services, Func<T> create)
    {
        services.GetRequiredService<MeterProvider>();
        return create();
    }
}
