using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Core.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's status endpoints for the realtime node.</summary>
public static class StatusEndpoints
{
    /// <summary>Maps <c>GET /status</c> (version, plugins, memory, uptime, pipelines) and <c>GET /status/health</c> (always <c>true</c>).</summary>
    public static IEndpointRouteBuilder MapRealtimeStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status/health", () => Results.Json(true));
        endpoints.MapGet("/status", (RealtimeManager node) =>
        {
            var process = Process.GetCurrentProcess();
            var gc = GC.GetGCMemoryInfo();
            return Results.Json(new
            {
                version = typeof(RealtimeManager).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                modules = node.Components.Plugins.Select(p => new
                {
                    name = p.Name,
                    artifact = p.Path,
                    version = p.ContractsVersion.ToString(),
                    types = p.Components.Select(c => c.TypeName),
                }),
                memory = new
                {
                    maxMemory = gc.TotalAvailableMemoryBytes,
                    totalMemory = process.WorkingSet64,
                    usedMemory = GC.GetTotalMemory(false),
                    freeMemory = gc.TotalAvailableMemoryBytes - GC.GetTotalMemory(false),
                },
                uptime = (DateTimeOffset.UtcNow - node.StartedAt).ToString("c"),
                pipelines = node.Pipelines.Select(p => new
                {
                    dataSource = p.Spec.DataSchema.DataSource,
                    partitionNum = p.Spec.PartitionNum,
                    state = p.State.ToString(),
                    error = p.Error,
                }),
            });
        });
        return endpoints;
    }
}
