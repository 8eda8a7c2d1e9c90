using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Realtime.Core.Query;
using Realtime.Core.Query.Model;
using Realtime.Core.Security;
using Realtime.Core.Sql.Catalog;
using Realtime.Core.Sql.Execution;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Parsing;
using Realtime.Core.Sql.Planning;
using Realtime.Core.Sql.Syntax;
using Realtime.Core.Time;

namespace Realtime.Core.Sql;

/// <summary>
/// Runs Druid SQL over the node's native query engine: statements are parsed, validated against the tables the
/// node serves, planned into native queries where those can answer them, and the rest is evaluated in memory.
/// The .NET entry point behind <c>POST /druid/v2/sql</c>.
/// </summary>
/// <remarks>
/// Thread-safe; statements run concurrently. <c>CURRENT_TIMESTAMP</c> and a statement's context <c>timeout</c> are read
/// on the clock given (the system clock when none is).
/// </remarks>
public sealed partial class SqlEngine(
    IQueryExecutor executor,
    IEnumerable<ISqlSystemTable> systemTables,
    IResourceAuthorizer authorizer,
    ILogger<SqlEngine> logger,
    TimeProvider? clock = null)
{
    private static readonly HashSet<string> SqlOnlyContextKeys = ["sqlQueryId", "sqlTimeZone", "useApproximateCountDistinct", "sqlOuterLimit", "useApproximateTopN"];
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IReadOnlyList<ISqlSystemTable> _systemTables = [.. systemTables];
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="request"/>.</summary>
    /// <exception cref="SqlPlanningException">The statement is invalid; the message names what and where.</exception>
    /// <exception cref="QueryException">A native query it ran failed, timed out or was cancelled.</exception>
    /// <exception cref="AccessDeniedException">The user may not read a table the statement reads.</exception>
    public async Task<SqlResult> ExecuteAsync(SqlRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var context = request.Context ?? [];
        var settings = new QueryContext(context.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal));
        var queryId = settings.GetString("sqlQueryId") ?? Guid.NewGuid().ToString();
        var zoneName = settings.GetString("sqlTimeZone");
        var zone = zoneName is null ? TimeZoneInfo.Utc : TimeZones.Find(zoneName)
            ?? throw SqlPlanningException.Validation($"Context sqlTimeZone '{zoneName}' is not a known time zone (use an IANA id such as 'America/Los_Angeles' or an offset such as '-08:00').", null);
        var time = clock ?? TimeProvider.System;
        var evaluation = new SqlEvalContext(zone, time.GetUtcNow().ToUnixTimeMilliseconds());
        var statement = SqlParser.Parse(request.Query);
        var parameters = Parameters(statement, request.Parameters ?? [], zone);

        var catalog = new SqlCatalog(executor, _systemTables, authorizer, request.User);
        await catalog.LoadAsync(SqlTables.Of(statement.Query), cancellationToken).ConfigureAwait(false);
        var binder = new SqlBinder(catalog, evaluation, parameters, settings.GetBool("useApproximateCountDistinct") ?? true);
        var bound = binder.Bind(statement.Query);
        if (request.User is { } user)
        {
            authorizer.Demand(user, ResourceType.DataSource, binder.DataSources, ResourceAction.Read);
        }

        var planner = new NativePlanner(evaluation, NativeContext(context, queryId));
        if (statement.Explain)
        {
            return Explain(queryId, planner.Plan(bound), binder.Subqueries.Select(s => planner.Plan(s.Plan)), binder.DataSources);
        }

        using var cancel = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(
            settings.GetLong("timeout") is > 0 and var limit ? TimeSpan.FromMilliseconds(limit) : Timeout.InfiniteTimeSpan, time);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancel.Token, timeout.Token);
        if (!_running.TryAdd(queryId, new Running(cancel, [.. binder.DataSources])))
        {
            throw SqlPlanningException.Validation($"A statement with sqlQueryId '{queryId}' is already running.", null);
        }

        try
        {
            var nativeQueries = 0;
            var interpreter = new SqlInterpreter(executor, () => $"{queryId}{(Interlocked.Increment(ref nativeQueries) == 1 ? "" : $"-{nativeQueries}")}");
            foreach (var subquery in binder.Subqueries)
            {
                subquery.Set(await interpreter.RunAsync(planner.Plan(subquery.Plan), linked.Token).ConfigureAwait(false));
            }

            var plan = planner.Plan(bound);
            var rows = await interpreter.RunAsync(plan, linked.Token).ConfigureAwait(false);
            if (settings.GetLong("sqlOuterLimit") is { } outerLimit && rows.Count > outerLimit)
            {
                rows = [.. rows.Take((int)Math.Min(outerLimit, int.MaxValue))];
            }

            LogStatement(logger, queryId, nativeQueries, rows.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new SqlResult(queryId, plan.Columns, rows);
        }
        catch (Exception e) when (e is OperationCanceledException or QueryCancelledException && timeout.IsCancellationRequested)
        {
            throw new QueryTimeoutException($"SQL query [{queryId}] timed out after {settings.GetLong("timeout")} ms (its context timeout).");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            throw new QueryCancelledException($"SQL query [{queryId}] was cancelled.");
        }
        finally
        {
            _running.TryRemove(queryId, out _);
        }
    }

    /// <summary>Cancels the running statement with <c>sqlQueryId</c> <paramref name="sqlQueryId"/>; false when none runs.</summary>
    public bool Cancel(string sqlQueryId)
    {
        if (!_running.TryGetValue(sqlQueryId, out var running))
        {
            return false;
        }

        running.Cancel.Cancel();
        return true;
    }

    /// <summary>The data sources the running statement <paramref name="sqlQueryId"/> reads, or null when none runs.</summary>
    public IReadOnlyList<string>? DataSourcesOf(string sqlQueryId) => _running.TryGetValue(sqlQueryId, out var running) ? running.DataSources : null;

    private static List<LiteralExpr> Parameters(SqlStatement statement, IReadOnlyList<SqlParameterValue> given, TimeZoneInfo zone)
    {
        if (given.Count != statement.ParameterCount)
        {
            throw SqlPlanningException.Validation(
                $"The statement has {statement.ParameterCount} parameter{(statement.ParameterCount == 1 ? "" : "s")} (?) but {given.Count} value{(given.Count == 1 ? " was" : "s were")} given.", null);
        }

        var result = new List<LiteralExpr>();
        for (var i = 0; i < given.Count; i++)
        {
            var parameter = given[i];
            if (!Enum.TryParse<SqlTypeName>(parameter.Type.Replace(" ", "", StringComparison.Ordinal), true, out var typeName))
            {
                typeName = parameter.Type.ToUpperInvariant() switch
                {
                    "CHAR" or "STRING" or "CHARACTER" => SqlTypeName.Varchar,
                    "INT" => SqlTypeName.Integer,
                    "NUMERIC" => SqlTypeName.Decimal,
                    _ => throw SqlPlanningException.Validation($"Parameter {i + 1} has unknown type '{parameter.Type}'.", null),
                };
            }

            var type = SqlValues.TypeOf(typeName);
            object? value = parameter.Value switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => NativeValues.Read(v, type is SqlColumnType.Bigint or SqlColumnType.Timestamp or SqlColumnType.Date ? SqlColumnType.Bigint : SqlColumnType.Double),
                _ => throw SqlPlanningException.Validation($"Parameter {i + 1} must be a JSON text, number, boolean or null.", null),
            };
            var from = value switch
            {
                string => SqlColumnType.Varchar,
                bool => SqlColumnType.Boolean,
                long => SqlColumnType.Bigint,
                _ => SqlColumnType.Double,
            };
            var converted = value is null || from == type ? value : SqlValues.Cast(value, from, typeName, zone);
            if (value is not null && converted is null)
            {
                throw SqlPlanningException.Validation($"Parameter {i + 1} value {parameter.Value!.ToJsonString()} is not a valid {parameter.Type.ToUpperInvariant()}.", null);
            }

            result.Add(new LiteralExpr(converted, type));
        }

        return result;
    }

    private static JsonObject NativeContext(JsonObject context, string queryId)
    {
        var native = new JsonObject();
        foreach (var (key, value) in context)
        {
            if (!SqlOnlyContextKeys.Contains(key))
            {
                native[key] = value?.DeepClone();
            }
        }

        native["sqlQueryId"] = queryId;
        return native;
    }

    private static SqlResult Explain(string queryId, Rel plan, IEnumerable<Rel> subqueries, IEnumerable<string> dataSources)
    {
        var described = new JsonArray([.. subqueries.Concat([plan]).Select(Describe)]);
        var resources = new JsonArray([.. dataSources.Order(StringComparer.Ordinal).Select(ds => (JsonNode)new JsonObject { ["name"] = ds, ["type"] = "DATASOURCE" })]);
        return new SqlResult(queryId, [new SqlColumn("PLAN", SqlColumnType.Varchar), new SqlColumn("RESOURCES", SqlColumnType.Varchar)],
            [[described.ToJsonString(Readable), resources.ToJsonString(Readable)]]);
    }

    /// <summary>A plan node as <c>EXPLAIN PLAN FOR</c> shows it: native queries as Druid shows them, in-memory steps around them.</summary>
    private static JsonNode Describe(Rel rel)
    {
        var signature = new JsonArray([.. rel.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type.DruidName() })]);
        var node = rel switch
        {
            NativeRel native => new JsonObject { ["query"] = native.Query.DeepClone() },
            FilterRel filter => new JsonObject { ["operator"] = "filter", ["condition"] = filter.Condition.ToString() },
            ProjectRel project => new JsonObject { ["operator"] = "project", ["expressions"] = new JsonArray([.. project.Exprs.Select(e => JsonValue.Create(e.ToString()))]) },
            AggregateRel aggregate => new JsonObject
            {
                ["operator"] = "aggregate",
                ["keys"] = new JsonArray([.. aggregate.Keys.Select(k => JsonValue.Create(k.ToString()))]),
                ["groupingSets"] = new JsonArray([.. aggregate.Sets.Select(s => (JsonNode)new JsonArray([.. s.Select(k => JsonValue.Create(k))]))]),
                ["aggregates"] = new JsonArray([.. aggregate.Aggregates.Select(a => JsonValue.Create(a.Text))]),
            },
            SortRel sort => new JsonObject
            {
                ["operator"] = "sort",
                ["keys"] = new JsonArray([.. sort.Keys.Select(k => JsonValue.Create($"${k.Column} {(k.Descending ? "DESC" : "ASC")} NULLS {(k.NullsFirst ? "FIRST" : "LAST")}"))]),
                ["offset"] = sort.Offset,
                ["limit"] = sort.Limit,
            },
            UnionRel => new JsonObject { ["operator"] = "unionAll" },
            ValuesRel values => new JsonObject { ["operator"] = "values", ["table"] = values.Name },
            _ => new JsonObject { ["operator"] = rel.GetType().Name },
        };
        node["signature"] = signature;
        var inputs = rel.Inputs.ToList();
        if (inputs.Count > 0)
        {
            node["inputs"] = new JsonArray([.. inputs.Select(Describe)]);
        }

        return node;
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "SQL {SqlQueryId}: {NativeQueries} native queries, {Rows} rows in {Milliseconds} ms")]
    private static partial void LogStatement(ILogger logger, string sqlQueryId, int nativeQueries, int rows, double milliseconds);

    private sealed record Running(CancellationTokenSource Cancel, IReadOnlyList<string> DataSources);
}
