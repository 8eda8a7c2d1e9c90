using Realtime.Core.Aggregation;
using Realtime.Core.Time;

namespace Realtime.Core.Query;

/// <summary>What queries need to know of how a data source is ingested: its metrics, query granularity and rollup.</summary>
/// <param name="Metrics">The aggregators of the data source's <c>metricsSpec</c>.</param>
/// <param name="QueryGranularity">The granularity rows are truncated to at ingestion.</param>
/// <param name="Rollup">Whether rows with the same truncated time and dimensions are rolled up.</param>
public sealed record IngestionSchema(IReadOnlyList<AggregatorFactory> Metrics, Granularity QueryGranularity, bool Rollup);
