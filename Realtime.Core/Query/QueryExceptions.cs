namespace Realtime.Core.Query;

/// <summary>A query failed; carries Druid's error code (<c>error</c>) and the HTTP status it answers with.</summary>
public class QueryException(string errorCode, string message, int statusCode, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Druid's error code, for example <c>Query timeout</c>.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>The HTTP status of the failure.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The class named in <c>errorClass</c>.</summary>
    public virtual string ErrorClass => GetType().FullName!;
}

/// <summary>The query is not valid: malformed JSON, an unknown type, a missing or wrong field. Answered with 400.</summary>
public sealed class InvalidQueryException(string message, string? jsonPath = null, Exception? inner = null)
    : QueryException("Invalid query", message, 400, inner)
{
    /// <summary>The JSON path of the problem, when known.</summary>
    public string? JsonPath { get; } = jsonPath;
}

/// <summary>The query ran past its <c>timeout</c>. Answered with 504.</summary>
public sealed class QueryTimeoutException(string message) : QueryException("Query timeout", message, 504);

/// <summary>The query was cancelled through <c>DELETE /druid/v2/{queryId}</c> or by its caller.</summary>
public sealed class QueryCancelledException(string message) : QueryException("Query cancelled", message, 500);

/// <summary>
/// The query would exceed a configured limit (buckets, result rows). Answered with 400 and Druid's
/// <c>ResourceLimitExceededException</c> error class, so clients treat it as Druid's.
/// </summary>
public sealed class ResourceLimitExceededException(string message) : QueryException("Resource limit exceeded", message, 400)
{
    /// <inheritdoc />
    public override string ErrorClass => "org.apache.druid.query.ResourceLimitExceededException";
}
