using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql;
using Realtime.Core.Sql.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's SQL endpoint.</summary>
public static class SqlEndpoints
{
    /// <summary>
    /// Maps <c>POST /druid/v2/sql</c> and <c>/druid/v2/sql/</c> (a statement, answered by the registered
    /// <see cref="SqlEngine"/> in the requested <c>resultFormat</c>) and <c>DELETE /druid/v2/sql/{sqlQueryId}</c>.
    /// </summary>
    /// <remarks>
    /// The body is Druid's JSON request, or, with any content type but JSON (<c>text/plain</c>, a form post), the SQL
    /// itself. Every answer to a well-formed request carries <c>X-Druid-SQL-Query-Id</c>: the context's <c>sqlQueryId</c>, or one given here.
    /// Failures answer in Druid's shape <c>{"error","errorMessage","errorClass","host"}</c>: 400 for a malformed request
    /// (the message names the field) or an invalid statement (<c>SQL parse failed</c>, <c>Plan validation failed</c>),
    /// 403 when the caller may not read a table the statement reads, 504 on timeout, 500 when cancelled or on an
    /// internal failure. With security on, a statement needs READ on every data source it reads (the engine checks)
    /// and cancelling needs WRITE on every data source the running statement reads. Cancelling takes any running
    /// query's id, SQL or native, as <c>DELETE /druid/v2/{queryId}</c> does.
    /// </remarks>
    public static IEndpointRouteBuilder MapRealtimeSql(this IEndpointRouteBuilder endpoints)
    {
        // Routing ignores a trailing slash, so this route takes /druid/v2/sql/ (pydruid's and Cube's path) too.
        endpoints.MapPost("/druid/v2/sql", RunAsync)
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Read, "every data source the statement reads");

        endpoints.MapDelete("/druid/v2/sql/{sqlQueryId}", (string sqlQueryId, IQueryExecutor executor, HttpContext context) => QueryEndpoints.Cancel(sqlQueryId, executor, context))
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Write, "every data source the running statement reads");
        return endpoints;
    }

    /// <summary>
    /// Cancels the running SQL statement <paramref name="sqlQueryId"/>: 202 when it ran, 404 when none does, 403 when the
    /// caller may not WRITE a data source it reads.
    /// </summary>
    internal static IResult Cancel(string sqlQueryId, SqlEngine engine, HttpContext context)
    {
        if (engine.DataSourcesOf(sqlQueryId) is not { } dataSources)
        {
            return Results.NotFound();
        }

        if (context.RequestServices.ResourceAuthorizer().FirstDenied(context.User, ResourceType.DataSource, dataSources, ResourceAction.Write) is { } denied)
        {
            return AccessDeniedException.Result(AccessDeniedException.Describe(context.User, ResourceType.DataSource, denied, ResourceAction.Write), context);
        }

        return engine.Cancel(sqlQueryId) ? Results.Accepted() : Results.NotFound();
    }

    private static async Task<IResult> RunAsync(HttpContext context, SqlEngine engine)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var host = context.Request.Host.Value;
        SqlHttpQuery query;
        try
        {
            query = SqlHttpQuery.Parse(body, context.Request.ContentType);
        }
        catch (InvalidQueryException e)
        {
            return QueryEndpoints.Error(e, host);
        }

        var queryContext = query.Context ?? [];
        if (queryContext["sqlQueryId"] is not JsonValue id || id.ToString() is not { Length: > 0 } sqlQueryId)
        {
            sqlQueryId = Guid.NewGuid().ToString();
            queryContext["sqlQueryId"] = sqlQueryId;
        }

        context.Response.Headers[SqlResultHttpResult.QueryIdHeader] = sqlQueryId;
        var authorizer = context.RequestServices.ResourceAuthorizer();
        var request = new SqlRequest(query.Query, query.Parameters, queryContext) { User = authorizer.Enabled ? context.User : null };
        try
        {
            var result = await engine.ExecuteAsync(request, context.RequestAborted).ConfigureAwait(false);
            return new SqlResultHttpResult(result, query.Layout, queryContext);
        }
        catch (QueryException e)
        {
            return QueryEndpoints.Error(e, host);
        }
        catch (AccessDeniedException e)
        {
            return AccessDeniedException.Result(e.Message, context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return QueryEndpoints.Error(new QueryException("Unknown exception", e.Message, StatusCodes.Status500InternalServerError, e), host);
        }
    }
}
