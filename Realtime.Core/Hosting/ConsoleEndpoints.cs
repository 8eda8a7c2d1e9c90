using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Core.Hosting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The JSON the web console reads that no Druid endpoint gives: segment states and the specs the pipelines run.</summary>
public static class ConsoleEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Maps <c>GET /console/api/segments</c> (every segment the node knows, from <see cref="SegmentCatalog"/>) and
    /// <c>GET /console/api/specs</c> (each pipeline's spec with its defaults filled in).
    /// </summary>
    public static IEndpointRouteBuilder MapRealtimeConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/api/segments", async (SegmentCatalog catalog, HttpContext context) =>
            Results.Json(await catalog.ListAsync(context.Request.Host.Value ?? "", context.RequestAborted), Json));
        endpoints.MapGet("/console/api/specs", (RealtimeManager node) => Results.Json(
            node.Pipelines.Select(p => new
            {
                name = p.Name,
                dataSource = p.Spec.DataSchema.DataSource,
                partitionNum = p.Spec.PartitionNum,
                spec = p.Spec.ToEffectiveJson(node.Components.Serializer),
            }),
            Json));
        return endpoints;
    }
}
