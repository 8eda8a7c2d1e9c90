using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Core.Hosting;
using Realtime.Core.Security;

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
    /// <remarks>With security on, both list only what belongs to data sources the caller may read, as Druid's <c>sys</c> tables do.</remarks>
    public static IEndpointRouteBuilder MapRealtimeConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/api/segments", async (SegmentCatalog catalog, HttpContext context) =>
                Results.Json((await catalog.ListAsync(context.Request.Host.Value ?? "", context.RequestAborted)).Where(s => Readable(context, s.DataSource)), Json))
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Read, "the data sources of the segments listed");
        endpoints.MapGet("/console/api/specs", (RealtimeManager node, HttpContext context) => Results.Json(
                node.Pipelines.Where(p => Readable(context, p.Spec.DataSchema.DataSource)).Select(p => new
                {
                    name = p.Name,
                    dataSource = p.Spec.DataSchema.DataSource,
                    partitionNum = p.Spec.PartitionNum,
                    spec = p.Spec.ToEffectiveJson(node.Components.Serializer),
                }),
                Json))
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Read, "the data sources of the pipelines listed");
        return endpoints;
    }

    private static bool Readable(HttpContext context, string dataSource) =>
        context.RequestServices.ResourceAuthorizer().IsAllowed(context.User, ResourceType.DataSource, dataSource, ResourceAction.Read);
}
