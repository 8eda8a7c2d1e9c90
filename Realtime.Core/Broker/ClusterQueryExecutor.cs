using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Realtime.Core.Components;
using Realtime.Core.Metrics;
using Realtime.Core.Query;
using Realtime.Core.Query.Merging;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Broker;

/// <summary>
/// Answers Druid native queries for a whole cluster, as Druid's broker does: it looks up which segments a query
/// reads in the <see cref="BrokerServerView"/> (newest complete versions only), asks each data node for exactly the
/// segments it should answer (<c>{"type":"segments"}</c> intervals, <c>finalize: false</c>), one copy per segment,
/// and merges the partial results. A copy that fails, times out or reports a segment missing is replaced by another
/// copy; segments no copy can answer fail the query, or with <c>returnPartialResults</c> are listed in the response.
/// </summary>
/// <remarks>Thread-safe. The in-process way for a .NET application to query a cluster.</remarks>
public sealed partial class ClusterQueryExecutor(
    BrokerServerView view,
    IDataNodeClient client,
    SpecSerializer serializer,
    BrokerOptions options,
    ILogger<ClusterQueryExecutor> logger,
    QueryMetrics? metrics = null,
    QueryOptions? queryOptions = null,
    TimeProvider? clock = null) : IQueryExecutor
{
    private readonly RunningQueries _running = new(metrics, queryOptions?.DefaultTimeout, clock);
    private readonly QueryLimits _limits = QueryLimits.From(queryOptions);

    /// <inheritdoc />
    public IReadOnlyCollection<string> DataSources => view.DataSources;

    /// <summary>Parses and runs query JSON over the cluster.</summary>
    /// <exception cref="QueryException">The query is invalid, timed out, was cancelled, failed, or read segments no server could answer for.</exception>
    public async Task<JsonArray> RunAsync(string json, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(json, cancellationToken).ConfigureAwait(false)).Results;

    /// <inheritdoc />
    public Task<QueryResponse> ExecuteAsync(string json, CancellationToken cancellationToken = default) => ExecuteAsync(json, static _ => { }, cancellationToken);

    /// <inheritdoc />
    public async Task<QueryResponse> ExecuteAsync(string json, Action<Query.Model.Query> authorize, CancellationToken cancellationToken = default)
    {
        var query = QueryParsing.Parse(serializer, json);
        authorize(query);
        var source = JsonNode.Parse(json)!.AsObject();
        var queryId = query.QueryContext.QueryId ?? Guid.NewGuid().ToString();
        var deadline = _running.TimeoutOf(query) is { } limit ? Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency) : (long?)null;
        var run = new Run(query, source, queryId, deadline, QueryMerger.For(query, options.MinTopNThreshold));
        return await _running.RunAsync(query, queryId, token => ScatterGatherAsync(run, token), () => CancelOnServers(run), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public bool Cancel(string queryId) => _running.Cancel(queryId);

    /// <inheritdoc />
    public IReadOnlyList<string>? DataSourcesOf(string queryId) => _running.DataSourcesOf(queryId);

    /// <inheritdoc />
    public DataSourceColumns? DescribeDataSource(string dataSource)
    {
        if (view.GetTimeline(dataSource) is not { } timeline)
        {
            return null;
        }

        var segments = timeline.All.Select(s => s.Segment).ToList();
        return new DataSourceColumns(Names(segments.Select(s => s.Dimensions)), Names(segments.Select(s => s.Metrics)));

        static List<string> Names(IEnumerable<string> lists) =>
            [.. lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
    }

    private void CancelOnServers(Run run)
    {
        foreach (var server in run.Contacted.Keys)
        {
            _ = client.CancelAsync(server, run.QueryId);
        }
    }

    private async Task<QueryResponse> ScatterGatherAsync(Run run, CancellationToken cancellationToken)
    {
        var missing = new List<SegmentDescriptor>();
        var pending = new List<PlannedSegment>();
        for (var t = 0; t < run.Query.DataSource.Tables.Count; t++)
        {
            var table = run.Query.DataSource.Tables[t];
            if (view.GetTimeline(table) is not { } timeline)
            {
                continue;
            }

            var lookup = timeline.Lookup(run.Query.EffectiveIntervals);
            pending.AddRange(lookup.Segments.Select(s => new PlannedSegment(t, table, s)));
            missing.AddRange(lookup.Missing);
        }

        var order = pending.OrderBy(p => p.TableIndex).ThenBy(p => p.Segment.Segment.Id.Interval.StartMillis).ThenBy(p => p.Segment.Segment.PartitionNum)
            .Select(p => p.Segment.Segment.Identifier).Distinct(StringComparer.Ordinal)
            .Select((id, i) => (id, i)).ToDictionary(e => e.id, e => e.i, StringComparer.Ordinal);
        var partials = new List<JsonDocument>();
        var read = new List<PlannedSegment>();
        try
        {
            while (pending.Count > 0)
            {
                var requests = Assign(pending, missing)
                    .SelectMany(a => Batches(a.Value).Select(batch => AskAsync(run, a.Key.Server, a.Key.Table, batch, cancellationToken)))
                    .ToList();
                pending = [];
                foreach (var outcome in await Task.WhenAll(requests).ConfigureAwait(false))
                {
                    if (outcome.Response is { } response)
                    {
                        partials.Add(response.Results);
                        read.AddRange(outcome.Batch.Where(p => !response.MissingSegments.Contains(p.Segment.Descriptor)));
                        pending.AddRange(outcome.Batch.Where(p => response.MissingSegments.Contains(p.Segment.Descriptor)));
                    }
                    else
                    {
                        pending.AddRange(outcome.Batch);
                    }
                }
            }

            if (missing.Count > 0 && run.Query.QueryContext.GetBool("returnPartialResults") != true)
            {
                throw new SegmentsMissingException(run.QueryId, missing);
            }

            var scope = new MergeScope([.. read.Select(p => p.Segment.Descriptor.Interval)], id => order.GetValueOrDefault(id, int.MaxValue), _limits, cancellationToken);
            try
            {
                return new QueryResponse(run.QueryId, run.Merger.Merge([.. partials.Select(p => p.RootElement)], scope), missing);
            }
            catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException)
            {
                throw new QueryException("Unknown exception", $"Query [{run.QueryId}]: a data node's partial result could not be merged: {e.Message}", 500, e);
            }
        }
        finally
        {
            foreach (var partial in partials)
            {
                partial.Dispose();
            }
        }
    }

    // Each pending segment goes to one copy it was not yet asked of; a segment out of copies or attempts is missing.
    private Dictionary<(string Server, string Table), List<PlannedSegment>> Assign(List<PlannedSegment> pending, List<SegmentDescriptor> missing)
    {
        var assignments = new Dictionary<(string Server, string Table), List<PlannedSegment>>();
        foreach (var planned in pending)
        {
            var holders = planned.Tried.Count == 0 ? planned.Segment.Servers : CurrentHolders(planned);
            var untried = holders.Where(s => !planned.Tried.Contains(s)).ToList();
            if (untried.Count == 0 || planned.Tried.Count >= options.MaxAttemptsPerSegment)
            {
                missing.Add(planned.Segment.Descriptor);
                continue;
            }

            var server = untried[Random.Shared.Next(untried.Count)];
            planned.Tried.Add(server);
            var key = (server, planned.Table);
            if (!assignments.TryGetValue(key, out var list))
            {
                assignments[key] = list = [];
            }

            list.Add(planned);
        }

        return assignments;
    }

    private IReadOnlyList<string> CurrentHolders(PlannedSegment planned) =>
        view.GetTimeline(planned.Table)?.ServersOf(planned.Segment.Segment.Id) ?? [];

    // A data node restricts every segment of a request to the union of the request's descriptor intervals, so
    // segments that overlap in time but belong to different versions or intervals go in separate requests.
    private static List<List<PlannedSegment>> Batches(List<PlannedSegment> segments)
    {
        var batches = new List<List<PlannedSegment>>();
        foreach (var planned in segments)
        {
            var batch = batches.FirstOrDefault(b => b.All(other => !Conflicts(planned, other)));
            if (batch is null)
            {
                batches.Add(batch = []);
            }

            batch.Add(planned);
        }

        return batches;
    }

    private static bool Conflicts(PlannedSegment a, PlannedSegment b)
    {
        var x = a.Segment.Segment.Id;
        var y = b.Segment.Segment.Id;
        return x.Interval.Overlaps(y.Interval) && (x.Interval != y.Interval || x.Version != y.Version);
    }

    private async Task<Outcome> AskAsync(Run run, string server, string table, List<PlannedSegment> batch, CancellationToken cancellationToken)
    {
        var downstream = run.Source.DeepClone().AsObject();
        downstream["dataSource"] = table;
        downstream["intervals"] = new JsonObject
        {
            ["type"] = "segments",
            ["segments"] = new JsonArray([.. batch.Select(p => (JsonNode)p.Segment.Descriptor.ToJson())]),
        };
        run.Merger.PrepareDownstream(downstream);
        if (downstream["context"] is not JsonObject context)
        {
            downstream["context"] = context = [];
        }

        context["finalize"] = false;
        context["queryId"] = run.QueryId;
        var timeout = options.ServerTimeout;
        if (run.Deadline is { } deadline)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            context["timeout"] = Math.Max(1, (long)left.TotalMilliseconds);
            timeout = left < timeout ? left : timeout;
        }

        run.Contacted.TryAdd(server, 0);
        try
        {
            var response = await client.QueryAsync(server, downstream.ToJsonString(), timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            if (response.MissingSegments.Count > 0)
            {
                LogReportedMissing(run.QueryId, server, response.MissingSegments.Count);
            }

            return new Outcome(batch, response);
        }
        catch (DataNodeUnavailableException e)
        {
            LogServerFailed(run.QueryId, server, batch.Count, e.Message);
            return new Outcome(batch, null);
        }
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "Query {QueryId}: asking another copy of {Segments} segments, as {Server} failed: {Reason}")]
    private partial void LogServerFailed(string queryId, string server, int segments, string reason);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Query {QueryId}: {Server} no longer serves {Segments} segments; asking another copy")]
    private partial void LogReportedMissing(string queryId, string server, int segments);

    private sealed record Run(Query.Model.Query Query, JsonObject Source, string QueryId, long? Deadline, QueryMerger Merger)
    {
        public ConcurrentDictionary<string, byte> Contacted { get; } = new(StringComparer.Ordinal);
    }

    private sealed record PlannedSegment(int TableIndex, string Table, TimelineSegment Segment)
    {
        public HashSet<string> Tried { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Outcome(List<PlannedSegment> Batch, DataNodeResponse? Response);
}

/// <summary>Segments a query reads could not be read from any server. Answered with 500, naming the segments.</summary>
public sealed class SegmentsMissingException(string queryId, IReadOnlyList<SegmentDescriptor> segments)
    : QueryException(
        "Segments missing",
        $"Query [{queryId}]: no server could answer for {segments.Count} segment(s): {string.Join(", ", segments.Take(10).Select(s => $"{s.Interval} version {s.Version} partition {s.Partition}"))}{(segments.Count > 10 ? ", …" : "")}. Set context returnPartialResults to true to get the rest of the answer with these segments listed in X-Druid-Response-Context.",
        500)
{
    /// <summary>The segments no server answered for.</summary>
    public IReadOnlyList<SegmentDescriptor> Segments { get; } = segments;
}
