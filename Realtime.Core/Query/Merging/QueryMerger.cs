using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Merging;

/// <summary>
/// How a broker splits one query over data nodes and merges their partial results into the answer a single node
/// holding every segment gives (Druid's query tool chests). Data nodes answer with <c>finalize: false</c>, so
/// aggregated values arrive as combinable states (a sketch's bytes, a first/last value with its time); the merger
/// combines them, then finishes the result with the same code a single node uses: zero-filling, post-aggregators,
/// finalization, having, ordering and limits.
/// </summary>
internal abstract class QueryMerger
{
    /// <summary>The merger for <paramref name="query"/>.</summary>
    /// <param name="query">The query as the broker received it.</param>
    /// <param name="minTopNThreshold">The least threshold a data node is asked for in a <c>topN</c> (Druid's <c>minTopNThreshold</c>).</param>
    public static QueryMerger For(Model.Query query, int minTopNThreshold) => query switch
    {
        TimeseriesQuery timeseries => new TimeseriesMerger(timeseries),
        TopNQuery topN => new TopNMerger(topN, minTopNThreshold),
        GroupByQuery groupBy => new GroupByMerger(groupBy),
        ScanQuery scan => new ScanMerger(scan),
        SearchQuery search => new SearchMerger(search),
        TimeBoundaryQuery timeBoundary => new TimeBoundaryMerger(timeBoundary),
        DataSourceMetadataQuery => new DataSourceMetadataMerger(),
        SegmentMetadataQuery segmentMetadata => new SegmentMetadataMerger(segmentMetadata),
        _ => throw new InvalidQueryException($"Query type {query.QueryType} cannot be answered by a broker."),
    };

    /// <summary>
    /// Rewrites the query JSON sent to data nodes: drops what only the merged result can apply (post-aggregators,
    /// having, limits, offsets, subtotals) and widens what a data node would otherwise cut short.
    /// </summary>
    public virtual void PrepareDownstream(JsonObject query)
    {
    }

    /// <summary>Merges the data nodes' partial results (each a JSON array) into the query's result.</summary>
    /// <exception cref="FormatException">A partial result is not what a data node answers for the query; the message says what was wrong.</exception>
    public abstract JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope);

    /// <summary>The bucket of a result row's timestamp: the single bucket of granularity <c>all</c>, or the timestamp.</summary>
    private protected static long Bucket(Granularity granularity, JsonElement row) =>
        granularity == Granularity.All ? GroupingEngine.AllBucket : Time(row, "timestamp");

    /// <summary>
    /// With granularity <c>all</c>, records where a data node dated its single bucket: the earliest cursor start of its
    /// segments, so the earliest of all rows is the one a single node holding every segment gives.
    /// </summary>
    private protected static void AddCursorStart(Granularity granularity, GroupingResult result, JsonElement row)
    {
        if (granularity == Granularity.All)
        {
            result.CursorStarts.Add((Time(row, "timestamp"), true));
        }
    }

    /// <summary>A timestamp property (ISO-8601 or epoch milliseconds) of <paramref name="json"/>.</summary>
    private protected static long Time(JsonElement json, string property) => json.TryGetProperty(property, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => DateTimes.ParseIso(value.GetString()!),
            JsonValueKind.Number => value.GetInt64(),
            _ => throw new FormatException($"'{property}' must be a timestamp; found {value.ValueKind}."),
        }
        : throw new FormatException($"A partial result row has no '{property}'.");

    /// <summary>The aggregated values of a row, read back as states, in aggregator order.</summary>
    private protected static object?[] Aggregates(IReadOnlyList<AggregatorFactory> aggregators, JsonElement values)
    {
        var read = new object?[aggregators.Count];
        for (var a = 0; a < read.Length; a++)
        {
            read[a] = values.TryGetProperty(aggregators[a].Name, out var value) ? aggregators[a].Deserialize(value) : null;
        }

        return read;
    }

    /// <summary>A grouped dimension value as the text the grouping engine keys groups by; null for no value.</summary>
    private protected static string? DimensionText(JsonElement values, string name) =>
        values.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A copy of a JSON value as a node; null for JSON null.</summary>
    private protected static JsonNode? Node(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(value.GetRawText());

    /// <summary>Every row of every partial result.</summary>
    private protected static IEnumerable<JsonElement> Rows(IReadOnlyList<JsonElement> partials) =>
        partials.SelectMany(p => p.ValueKind == JsonValueKind.Array ? p.EnumerateArray() : throw new FormatException($"A partial result must be a JSON array; found {p.ValueKind}."));

    /// <summary>Sets (or replaces) a context entry of a downstream query.</summary>
    private protected static void SetContext(JsonObject query, string key, JsonNode? value)
    {
        if (query["context"] is not JsonObject context)
        {
            query["context"] = context = [];
        }

        context[key] = value;
    }
}

/// <summary>
/// What the broker read for a query (the covered parts of its intervals and the order of its segments), and the limits
/// and cancellation the merge runs under.
/// </summary>
/// <param name="Covered">The parts of the query's intervals that a segment read covers (where empty buckets are zero-filled).</param>
/// <param name="SegmentOrder">The position of a segment id in the order a single node reads segments (interval start, then partition).</param>
/// <param name="Limits">The buckets and result rows the merged result may hold.</param>
/// <param name="CancellationToken">The query's token: cancelled when the query is, or when it times out.</param>
internal sealed record MergeScope(IReadOnlyList<Interval> Covered, Func<string, int> SegmentOrder, QueryLimits Limits, CancellationToken CancellationToken);
