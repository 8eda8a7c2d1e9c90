using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Realtime.Core.Components;
using Realtime.Core.Metrics;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query;

/// <summary>
/// Runs Druid native queries over everything the node holds: in-memory and persisted hydrants of live sinks, and
/// handed-off segments. Results are Druid's result JSON. This is the .NET entry point behind <c>/druid/v2</c>.
/// </summary>
/// <remarks>Thread-safe; queries run concurrently with each other and with ingestion, persists and handoff.</remarks>
public sealed partial class QueryExecutor(
    ISegmentSource source,
    SpecSerializer serializer,
    ILogger<QueryExecutor> logger,
    QueryOptions? options = null,
    QueryMetrics? metrics = null,
    TimeProvider? clock = null) : IQueryExecutor
{
    private readonly int _threads = Math.Max(1, options?.MaxThreadsPerQuery ?? Environment.ProcessorCount);
    private readonly RunningQueries _running = new(metrics, options?.DefaultTimeout, clock);
    private readonly QueryLimits _limits = QueryLimits.From(options);

    /// <summary>The queries running now, by query id.</summary>
    public IReadOnlyCollection<string> RunningQueryIds => _running.Ids;

    /// <inheritdoc />
    public IReadOnlyCollection<string> DataSources => source.DataSources;

    /// <summary>Reads query JSON.</summary>
    /// <exception cref="InvalidQueryException">The JSON is malformed or is not a valid query; the message names the JSON path.</exception>
    public Model.Query Parse(string json) => QueryParsing.Parse(serializer, json);

    /// <summary>Parses and runs query JSON.</summary>
    /// <exception cref="QueryException">The query is invalid, timed out, was cancelled or failed.</exception>
    public Task<JsonArray> RunAsync(string json, CancellationToken cancellationToken = default) => RunAsync(Parse(json), cancellationToken);

    /// <summary>Runs <paramref name="query"/>.</summary>
    /// <exception cref="QueryException">The query is invalid, timed out, was cancelled or failed.</exception>
    public async Task<JsonArray> RunAsync(Model.Query query, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(query, cancellationToken).ConfigureAwait(false)).Results;

    /// <inheritdoc />
    public Task<QueryResponse> ExecuteAsync(string json, CancellationToken cancellationToken = default) => ExecuteAsync(Parse(json), cancellationToken);

    /// <inheritdoc />
    public Task<QueryResponse> ExecuteAsync(string json, Action<Model.Query> authorize, CancellationToken cancellationToken = default)
    {
        var query = Parse(json);
        authorize(query);
        return ExecuteAsync(query, cancellationToken);
    }

    /// <summary>Runs <paramref name="query"/> and reports, with its results, the segment descriptors it named that this node does not serve.</summary>
    /// <exception cref="QueryException">The query is invalid, timed out, was cancelled or failed.</exception>
    public async Task<QueryResponse> ExecuteAsync(Model.Query query, CancellationToken cancellationToken = default)
    {
        QueryParsing.Validate(query);
        var queryId = query.QueryContext.QueryId ?? Guid.NewGuid().ToString();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _running.RunAsync(query, queryId, token => Task.Run(() => Execute(queryId, query, token), token), null, cancellationToken).ConfigureAwait(false);
            LogQuery(logger, queryId, query.QueryType, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (ArgumentException e)
        {
            throw new InvalidQueryException(e.Message, null, e);
        }
    }

    /// <inheritdoc />
    public bool Cancel(string queryId) => _running.Cancel(queryId);

    /// <inheritdoc />
    public IReadOnlyList<string>? DataSourcesOf(string queryId) => _running.DataSourcesOf(queryId);

    /// <inheritdoc />
    public DataSourceColumns? DescribeDataSource(string dataSource)
    {
        var segments = source.GetSegments(dataSource);
        if (segments.Count == 0 && !source.DataSources.Contains(dataSource))
        {
            return null;
        }

        var dimensions = new List<string>();
        var metrics = new List<string>();
        foreach (var segment in segments)
        {
            using var lease = segment.Acquire();
            foreach (var index in lease.Indexes)
            {
                dimensions.AddRange(index.Dimensions.Select(d => d.Name).Where(n => !dimensions.Contains(n)));
                metrics.AddRange(index.Metrics.Select(m => m.Name).Where(n => !metrics.Contains(n)));
            }
        }

        if (source.GetSchema(dataSource) is { } schema)
        {
            metrics.AddRange(schema.Metrics.Select(m => m.Name).Where(n => !metrics.Contains(n)));
        }

        return new DataSourceColumns(dimensions, metrics);
    }

    private QueryResponse Execute(string queryId, Model.Query query, CancellationToken cancellationToken)
    {
        using var scope = QueryScope.Acquire(source, query);
        JsonArray results = query switch
        {
            TimeseriesQuery timeseries => TimeseriesRunner.Run(timeseries, scope, _threads, _limits, cancellationToken),
            TopNQuery topN => TopNRunner.Run(topN, scope, _threads, _limits, cancellationToken),
            GroupByQuery groupBy => GroupByRunner.Run(groupBy, scope, _threads, _limits, cancellationToken),
            ScanQuery scan => ScanRunner.Run(scan, scope, _limits, cancellationToken),
            SearchQuery search => SearchRunner.Run(search, scope, cancellationToken),
            TimeBoundaryQuery timeBoundary => TimeBoundaryRunner.Run(timeBoundary, scope, cancellationToken),
            SegmentMetadataQuery segmentMetadata => SegmentMetadataRunner.Run(segmentMetadata, scope, source),
            DataSourceMetadataQuery dataSourceMetadata => DataSourceMetadataRunner.Run(dataSourceMetadata, scope, source),
            _ => throw new InvalidQueryException($"Query type {query.GetType().Name} has no runner."),
        };
        return new QueryResponse(queryId, results, scope.Missing);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Query {QueryId} ({QueryType}) took {Milliseconds} ms")]
    private static partial void LogQuery(ILogger logger, string queryId, string queryType, double milliseconds);
}

/// <summary>The columns of a data source, as <c>GET /druid/v2/datasources/{dataSource}</c> lists them.</summary>
/// <param name="Dimensions">Dimension names.</param>
/// <param name="Metrics">Metric names.</param>
public sealed record DataSourceColumns(IReadOnlyList<string> Dimensions, IReadOnlyList<string> Metrics);
