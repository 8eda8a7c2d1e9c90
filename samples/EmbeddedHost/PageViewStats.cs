using System.Text.Json.Nodes;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Query;
using Realtime.Core.Query.Dimensions;
using Realtime.Core.Query.Model;
using Realtime.Core.Query.Ordering;
using Realtime.Core.Time;

namespace Realtime.Samples.EmbeddedHost;

/// <summary>Page-view statistics, answered by Druid queries that run in process through <see cref="QueryExecutor"/>.</summary>
public sealed class PageViewStats(QueryExecutor queries, TimeProvider clock)
{
    /// <summary>The most viewed pages of the last <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<PageStats>> TopPagesAsync(TimeSpan window, int count, CancellationToken cancellationToken)
    {
        var query = new TopNQuery
        {
            DataSource = new DataSource([PageViewPipeline.DataSource]),
            Intervals = new QuerySegmentSpec([LastInterval(window)]),
            Granularity = Granularity.All,
            Dimension = new DefaultDimensionSpec { Dimension = "page" },
            Metric = new NumericTopNMetricSpec { Metric = "views" },
            Threshold = count,
            Aggregations = Aggregations(),
        };
        var result = await queries.RunAsync(query, cancellationToken);
        return result.Count == 0 ? [] : [.. result[0]!["result"]!.AsArray().Select(row => new PageStats(row!["page"]!.GetValue<string>(), Totals(row)))];
    }

    /// <summary>Views per minute of the last <paramref name="window"/>, oldest first, without empty minutes.</summary>
    public async Task<IReadOnlyList<MinuteStats>> PerMinuteAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var query = new TimeseriesQuery
        {
            DataSource = new DataSource([PageViewPipeline.DataSource]),
            Intervals = new QuerySegmentSpec([LastInterval(window)]),
            Granularity = Granularity.FromName("minute"),
            Aggregations = Aggregations(),
            Context = new() { ["skipEmptyBuckets"] = System.Text.Json.JsonSerializer.SerializeToElement(true) },
        };
        var result = await queries.RunAsync(query, cancellationToken);
        return [.. result.Select(bucket => new MinuteStats(bucket!["timestamp"]!.GetValue<string>(), Totals(bucket["result"]!)))];
    }

    /// <summary>Views count the ingestion <c>views</c> metric; at query time <c>count</c> would count rolled-up rows instead.</summary>
    private static List<AggregatorFactory> Aggregations() =>
    [
        new LongSumAggregatorFactory { Name = "views", FieldName = "views" },
        new LongSumAggregatorFactory { Name = "durationMs", FieldName = "durationMs" },
        new LongMaxAggregatorFactory { Name = "slowestMs", FieldName = "slowestMs" },
    ];

    private static ViewTotals Totals(JsonNode row)
    {
        var views = row["views"]!.GetValue<long>();
        var duration = row["durationMs"]!.GetValue<long>();
        return new ViewTotals(views, views == 0 ? 0 : (double)duration / views, row["slowestMs"]!.GetValue<long>());
    }

    private Interval LastInterval(TimeSpan window)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new Interval(now - (long)window.TotalMilliseconds, now + 1);
    }
}

/// <summary>Totals of a set of page views.</summary>
/// <param name="Views">How many views.</param>
/// <param name="AverageMs">The mean load time in milliseconds.</param>
/// <param name="SlowestMs">The longest load time in milliseconds.</param>
public sealed record ViewTotals(long Views, double AverageMs, long SlowestMs);

/// <summary>The views of one page.</summary>
/// <param name="Page">The page.</param>
/// <param name="Totals">Its totals.</param>
public sealed record PageStats(string Page, ViewTotals Totals);

/// <summary>The page views of one minute.</summary>
/// <param name="Minute">The start of the minute (ISO-8601).</param>
/// <param name="Totals">The minute's totals over all pages.</param>
public sealed record MinuteStats(string Minute, ViewTotals Totals);
