using Microsoft.AspNetCore.Routing;
using Realtime.Core.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Prometheus metrics endpoint.</summary>
public static class RealtimeMetricsEndpointRouteBuilderExtensions
{
    /// <summary>Serves the <c>Realtime</c> meter in Prometheus text format on <c>GET <paramref name="pattern"/></c>, through OpenTelemetry's Prometheus exporter.</summary>
    /// <remarks>Requires <c>AddRealtimeMetrics()</c> (or <c>AddRealtime(...)</c>) on the service collection. With security on, it needs READ on <c>STATE</c>.</remarks>
    public static IEndpointConventionBuilder MapRealtimeMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics") =>
        endpoints.MapPrometheusScrapingEndpoint(pattern).RequireResource(ResourceType.State, Permission.StateResource, ResourceAction.Read);
}
