using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Core.Query;
using Realtime.Core.Security;

namespace Realtime.Core.Sql;

/// <summary>Druid SQL from .NET over any <see cref="IQueryExecutor"/>: a node's own <see cref="QueryExecutor"/>, or a broker's.</summary>
public static class SqlQueryExecutorExtensions
{
    /// <summary>
    /// Runs a SQL statement over the executor's data sources (the <c>druid</c> schema and <c>INFORMATION_SCHEMA</c>;
    /// no <c>sys</c> tables and no security checks: resolve <see cref="SqlEngine"/> from the node's services for those).
    /// </summary>
    /// <param name="executor">The executor the statement's native queries run on.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">
    /// Values of the statement's <c>?</c> parameters, typed by their .NET type: <see cref="string"/> VARCHAR;
    /// <see cref="long"/> and <see cref="int"/> BIGINT; <see cref="double"/>, <see cref="float"/> and <see cref="decimal"/>
    /// DOUBLE; <see cref="bool"/> BOOLEAN; <see cref="DateTimeOffset"/> and <see cref="DateTime"/> (UTC) TIMESTAMP.
    /// </param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="ArgumentException">A parameter has a type SQL cannot take.</exception>
    /// <exception cref="SqlPlanningException">The statement is invalid.</exception>
    /// <exception cref="QueryException">A native query it ran failed, timed out or was cancelled.</exception>
    public static Task<SqlResult> ExecuteSqlAsync(this IQueryExecutor executor, string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        var engine = new SqlEngine(executor, [], new AllowAllAuthorizer(), NullLogger<SqlEngine>.Instance);
        var typed = (parameters ?? []).Select((value, i) => value switch
        {
            null => new SqlParameterValue("VARCHAR", null),
            string s => new SqlParameterValue("VARCHAR", s),
            long or int => new SqlParameterValue("BIGINT", JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture))),
            double or float or decimal => new SqlParameterValue("DOUBLE", JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture))),
            bool b => new SqlParameterValue("BOOLEAN", b),
            DateTimeOffset time => new SqlParameterValue("TIMESTAMP", time.ToUnixTimeMilliseconds()),
            DateTime time => new SqlParameterValue("TIMESTAMP", new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeMilliseconds()),
            _ => throw new ArgumentException($"Parameter {i + 1} is a {value.GetType().Name}; SQL parameters are text, numbers, booleans or times.", nameof(parameters)),
        }).ToList();
        return engine.ExecuteAsync(new SqlRequest(sql, typed), cancellationToken);
    }
}
