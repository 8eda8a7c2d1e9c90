using Microsoft.Extensions.Logging;
using Realtime.Core.Query;
using Realtime.Core.Security;
using Realtime.Core.Sql.Catalog;

namespace Realtime.Core.Sql;

/// <summary>
/// Runs Druid SQL over the node's native query engine: statements are parsed, validated against the tables the
/// node serves, planned into native queries where those can answer them, and the rest is evaluated in memory.
/// The .NET entry point behind <c>POST /druid/v2/sql</c>.
/// </summary>
public sealed class SqlEngine(
    IQueryExecutor executor,
    IEnumerable<ISqlSystemTable> systemTables,
    IResourceAuthorizer authorizer,
    ILogger<SqlEngine> logger)
{
    /// <summary>Runs <paramref name="request"/>.</summary>
    /// <exception cref="SqlPlanningException">The statement is invalid; the message names what and where.</exception>
    /// <exception cref="QueryException">A native query it ran failed, timed out or was cancelled.</exception>
    /// <exception cref="AccessDeniedException">The user may not read a table the statement reads.</exception>
    public Task<SqlResult> ExecuteAsync(SqlRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException($"{executor}{systemTables}{authorizer}{logger}{request}{cancellationToken}");

    /// <summary>Cancels the running statement with <c>sqlQueryId</c> <paramref name="sqlQueryId"/>; false when none runs.</summary>
    public bool Cancel(string sqlQueryId) => throw new NotImplementedException(sqlQueryId);

    /// <summary>The data sources the running statement <paramref name="sqlQueryId"/> reads, or null when none runs.</summary>
    public IReadOnlyList<string>? DataSourcesOf(string sqlQueryId) => throw new NotImplementedException(sqlQueryId);
}
