using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Realtime.Core.Time;

namespace Realtime.Core.Sql.Http;

/// <summary>
/// The 200 answer to a SQL request: <c>X-Druid-SQL-Query-Id</c>, <c>X-Druid-SQL-Header-Included: yes</c> when a
/// header was asked for, and the rows streamed in the requested format.
/// </summary>
/// <param name="result">The statement's result.</param>
/// <param name="layout">The format and header rows.</param>
/// <param name="context">The query context, for <c>sqlTimeZone</c>.</param>
public sealed class SqlResultHttpResult(SqlResult result, SqlResultLayout layout, JsonObject? context) : IResult
{
    /// <summary>The response header carrying the statement's id.</summary>
    public const string QueryIdHeader = "X-Druid-SQL-Query-Id";

    /// <summary>The response header saying the first rows are a header.</summary>
    public const string HeaderIncludedHeader = "X-Druid-SQL-Header-Included";

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = layout.ContentType;
        response.Headers[QueryIdHeader] = result.QueryId;
        if (layout.Header)
        {
            response.Headers[HeaderIncludedHeader] = "yes";
        }

        var zone = context?["sqlTimeZone"] is JsonValue value && value.TryGetValue<string>(out var name) ? TimeZones.Find(name) ?? TimeZoneInfo.Utc : TimeZoneInfo.Utc;
        await SqlResultWriter.WriteAsync(response.BodyWriter, result, layout, zone, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
