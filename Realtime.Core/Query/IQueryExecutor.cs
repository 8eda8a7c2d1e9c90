using System.Text.Json.Nodes;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query;

/// <summary>
/// Answers Druid native queries: over the segments this node serves (<see cref="QueryExecutor"/>), or over a whole
/// cluster by asking its data nodes (the broker's executor). <c>/druid/v2</c> is served by the one registered.
/// </summary>
public interface IQueryExecutor
{
    /// <summary>The data sources that can be queried.</summary>
    IReadOnlyCollection<string> DataSources { get; }

    /// <summary>Parses and runs query JSON.</summary>
    /// <exception cref="QueryException">The query is invalid, timed out, was cancelled or failed; the message says which and why.</exception>
    Task<QueryResponse> ExecuteAsync(string json, CancellationToken cancellationToken = default);

    /// <summary>Cancels the running query with id <paramref name="queryId"/>; false when no such query runs.</summary>
    bool Cancel(string queryId);

    /// <summary>The dimensions and metrics of <paramref name="dataSource"/>, or null when it is unknown.</summary>
    DataSourceColumns? DescribeDataSource(string dataSource);
}

/// <summary>A query's result with its response context.</summary>
/// <param name="QueryId">The query's id: the one in its context, or the one given to it.</param>
/// <param name="Results">Druid's result JSON.</param>
/// <param name="MissingSegments">
/// Segments the query named by descriptor that were not read: on a data node, those it does not serve; on a broker
/// asked for partial results, those no server could answer for.
/// </param>
public sealed record QueryResponse(string QueryId, JsonArray Results, IReadOnlyList<SegmentDescriptor> MissingSegments)
{
    /// <summary>The response context as Druid sends it in <c>X-Druid-Response-Context</c>.</summary>
    public JsonObject ResponseContext() => MissingSegments.Count == 0
        ? []
        : new JsonObject { ["missingSegments"] = new JsonArray([.. MissingSegments.Select(s => (JsonNode)s.ToJson())]) };
}
