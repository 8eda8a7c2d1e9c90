using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Metrics;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Prometheus metrics endpoint.</summary>
public static class RealtimeMetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the <c>Realtime</c> meter in Prometheus text format on <c>GET <paramref name="pattern"/></c>. The exporter is
    /// created here, so measurements are kept from the moment the endpoint is mapped.
    /// </summary>
    /// <remarks>Requires <c>AddRealtimeMetrics()</c> on the service collection.</remarks>
    public static IEndpointConventionBuilder MapRealtimeMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        return endpoints.MapGet(pattern, (HttpContext context) =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            return context.Response.WriteAsync(exporter.Render(), context.RequestAborted);
        });
    }
}
