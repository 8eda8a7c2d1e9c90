using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql;

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
    /// <c>{"error","errorMessage","errorClass","host"}</c>: 400 for an invalid query, 403 when the caller may not read a
    /// data source the query reads, 504 on timeout, 500 when cancelled, when segments are missing or on an internal
    /// failure. Cancelling falls back to a running SQL statement with that <c>sqlQueryId</c>. With security on, a query needs READ on every data source it reads, the data source list shows only
    /// readable ones, a data source's columns need READ on it, and cancelling needs WRITE on every data source the
    /// running query reads, as in Druid.
    /// </remarks>
    public static IEndpointRouteBuilder MapRealtimeQueries(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/druid/v2", RunAsync)
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Read, "every data source the query reads");
        endpoints.MapGet("/druid/v2/datasources", (IQueryExecutor executor, HttpContext context) =>
                Results.Json(context.RequestServices.ResourceAuthorizer().Allowed(context.User, ResourceType.DataSource, executor.DataSources.Order(StringComparer.Ordinal), ResourceAction.Read)))
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Read, "the data sources listed");
        endpoints.MapGet("/druid/v2/datasources/{dataSource}", (string dataSource, IQueryExecutor executor) =>
                executor.DescribeDataSource(dataSource) is { } columns
                    ? Results.Json(new { dimensions = columns.Dimensions, metrics = columns.Metrics })
                    : Error(new QueryException("Unknown data source", $"Data source '{dataSource}' is not served by this node.", StatusCodes.Status404NotFound), null))
            .RequireRouteResource(ResourceType.DataSource, "dataSource", ResourceAction.Read);
        endpoints.MapDelete("/druid/v2/{queryId}", Cancel)
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Write, "every data source the running query reads");
        return endpoints;
    }

    /// <summary>
    /// Cancels the running query <paramref name="queryId"/>: a native query, else a SQL statement with that
    /// <c>sqlQueryId</c> when SQL is registered (Cube cancels SQL through this endpoint).
    /// </summary>
    internal static IResult Cancel(string queryId, IQueryExecutor executor, HttpContext context)
    {
        if (executor.DataSourcesOf(queryId) is not { } dataSources)
        {
            return context.RequestServices.GetService<SqlEngine>() is { } sql ? SqlEndpoints.Cancel(queryId, sql, context) : Results.NotFound();
        }

        if (context.RequestServices.ResourceAuthorizer().FirstDenied(context.User, ResourceType.DataSource, dataSources, ResourceAction.Write) is { } denied)
        {
            return AccessDeniedException.Result(AccessDeniedException.Describe(context.User, ResourceType.DataSource, denied, ResourceAction.Write), context);
        }

        return executor.Cancel(queryId) ? Results.Accepted() : Results.NotFound();
    }

    private static async Task<IResult> RunAsync(HttpContext context, IQueryExecutor executor)
    {
        var authorizer = context.RequestServices.ResourceAuthorizer();
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var pretty = context.Request.Query.ContainsKey("pretty");
        try
        {
            var response = await executor.ExecuteAsync(body, query => authorizer.Demand(context.User, ResourceType.DataSource, query.DataSource.Tables, ResourceAction.Read),
                context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers["X-Druid-Query-Id"] = response.QueryId;
            context.Response.Headers["X-Druid-Response-Context"] = response.ResponseContext().ToJsonString(Compact);
            return Results.Text(response.Results.ToJsonString(pretty ? Pretty : Compact), "application/json");
        }
        catch (QueryException e)
        {
            return Error(e, context.Request.Host.Value);
        }
        catch (AccessDeniedException e)
        {
            return AccessDeniedException.Result(e.Message, context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Error(new QueryException("Unknown exception", e.Message, StatusCodes.Status500InternalServerError, e), context.Request.Host.Value);
        }
    }

    /// <summary>The answer to a failed query in Druid's shape <c>{"error","errorMessage","errorClass","host"}</c>, with its status.</summary>
    internal static IResult Error(QueryException error, string? host)
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
