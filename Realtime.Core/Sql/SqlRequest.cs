using System.Security.Claims;
using System.Text.Json.Nodes;

namespace Realtime.Core.Sql;

/// <summary>A SQL statement to run, as <c>POST /druid/v2/sql</c> takes it.</summary>
/// <param name="Query">The SQL text.</param>
/// <param name="Parameters">Values of the statement's <c>?</c> parameters, in order.</param>
/// <param name="Context">
/// The query context: <c>sqlQueryId</c>, <c>sqlTimeZone</c> (an IANA id or offset; UTC by default),
/// <c>useApproximateCountDistinct</c> (true by default), <c>timeout</c> and others passed on to native queries.
/// </param>
public sealed record SqlRequest(string Query, IReadOnlyList<SqlParameterValue>? Parameters = null, JsonObject? Context = null)
{
    /// <summary>Who asks: with security on, tables are read only where this user may read them. Null runs unchecked.</summary>
    public ClaimsPrincipal? User { get; init; }
}

/// <summary>A typed value of a <c>?</c> parameter: <c>{"type":"VARCHAR","value":"foo"}</c>.</summary>
/// <param name="Type">The SQL type name (<c>VARCHAR</c>, <c>BIGINT</c>, <c>INTEGER</c>, <c>DOUBLE</c>, <c>FLOAT</c>, <c>BOOLEAN</c>, <c>TIMESTAMP</c>, <c>DATE</c>, …).</param>
/// <param name="Value">The value as JSON (a timestamp as text <c>2019-01-01 00:00:00</c> or epoch milliseconds).</param>
public sealed record SqlParameterValue(string Type, JsonNode? Value);
