using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Core.Query;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's query endpoints on the realtime node.</summary>
public static class QueryEndpoints
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Pretty = new(Compact) { WriteIndented = true };

    /// <summary>
    /// Maps <c>POST /druid/v2</c> and <c>/druid/v2/</c> (native queries, <c>?pretty</c> for indented output), <c>GET /druid/v2/datasources</c>,
    /// <c>GET /druid/v2/datasources/{dataSource}</c> and <c>DELETE /druid/v2/{queryId}</c>, answered by the registered
    /// <see cref="IQueryExecutor"/> (the node's own segments, or the whole cluster on a broker).
    /// </summary>
    /// <remarks>
    /// Results carry <c>X-Druid-Query-Id</c> and <c>X-Druid-Response-Context</c> (with <c>missingSegments</c> when a
    /// segment asked for by descriptor was not read). Failures answer in Druid's shape
    /// <c>{"error","errorMessage","errorClass","host"}</c>: 400 for an invalid query, 504 on timeout, 500 when cancelled,
    /// when segments are missing or on an internal failure.
    /// </remarks>
    public static IEndpointRouteBuilder MapRealtimeQueries(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/druid/v2", RunAsync);
        endpoints.MapGet("/druid/v2/datasources", (IQueryExecutor executor) => Results.Json(executor.DataSources.Order(StringComparer.Ordinal)));
        endpoints.MapGet("/druid/v2/datasources/{dataSource}", (string dataSource, IQueryExecutor executor) =>
            executor.DescribeDataSource(dataSource) is { } columns
                ? Results.Json(new { dimensions = columns.Dimensions, metrics = columns.Metrics })
                : Error(new QueryException("Unknown data source", $"Data source '{dataSource}' is not served by this node.", StatusCodes.Status404NotFound), null));
        endpoints.MapDelete("/druid/v2/{queryId}", (string queryId, IQueryExecutor executor) =>
            executor.Cancel(queryId) ? Results.Accepted() : Results.NotFound());
        return endpoints;
    }

    private static async Task<IResult> RunAsync(HttpContext context, IQueryExecutor executor)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var pretty = context.Request.Query.ContainsKey("pretty");
        try
        {
            var response = await executor.ExecuteAsync(body, context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers["X-Druid-Query-Id"] = response.QueryId;
            context.Response.Headers["X-Druid-Response-Context"] = response.ResponseContext().ToJsonString(Compact);
            return Results.Text(response.Results.ToJsonString(pretty ? Pretty : Compact), "application/json");
        }
        catch (QueryException e)
        {
            return Error(e, context.Request.Host.Value);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error(new QueryException("Unknown exception", e.Message, StatusCodes.Status500InternalServerError, e), context.Request.Host.Value);
        }
    }

    private static IResult Error(QueryException error, string? host)
    {
        var body = new JsonObject
        {
            ["error"] = error.ErrorCode,
            ["errorMessage"] = error.Message,
            ["errorClass"] = error.ErrorClass,
            ["host"] = host,
        };
        return Results.Text(body.ToJsonString(Compact), "application/json", statusCode: error.StatusCode);
    }
}
