using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;

namespace Realtime.Core.Index;

/// <summary>What an index stores: its dimensions, its aggregators, the query granularity and whether rows roll up.</summary>
/// <remarks>Immutable; one instance serves every index of a pipeline.</remarks>
public sealed class IndexSchema
{
    /// <summary>Creates a schema and checks it.</summary>
    /// <param name="dimensions">Explicit dimensions in column order (string, long, float or double); empty means schemaless.</param>
    /// <param name="aggregators">The metrics, in column order.</param>
    /// <param name="queryGranularity">Row timestamps are truncated to the start of their bucket.</param>
    /// <param name="rollup">When false every input row is kept as its own row (timestamps are still truncated).</param>
    /// <exception cref="ArgumentException">Two columns share a name, a dimension has an unsupported type, or an aggregator is invalid.</exception>
    public IndexSchema(IReadOnlyList<ColumnSchema> dimensions, IReadOnlyList<AggregatorFactory> aggregators, IGranularity queryGranularity, bool rollup = true)
    {
        ArgumentNullException.ThrowIfNull(queryGranularity);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dimension in dimensions)
        {
            if (dimension.Type == ColumnType.Complex)
            {
                throw new ArgumentException($"dimensionsSpec.dimensions: dimension '{dimension.Name}' cannot be of a complex type.", nameof(dimensions));
            }

            if (string.IsNullOrEmpty(dimension.Name) || !names.Add(dimension.Name))
            {
                throw new ArgumentException($"dimensionsSpec.dimensions: dimension '{dimension.Name}' is empty or listed twice.", nameof(dimensions));
            }
        }

        foreach (var aggregator in aggregators)
        {
            aggregator.Validate();
            if (!names.Add(aggregator.Name))
            {
                throw new ArgumentException($"metricsSpec: metric '{aggregator.Name}' repeats a dimension or metric name.", nameof(aggregators));
            }
        }

        Dimensions = dimensions.ToArray();
        Aggregators = aggregators.ToArray();
        Metrics = Aggregators.Select(a => a.Column).ToArray();
        QueryGranularity = queryGranularity;
        Rollup = rollup;
    }

    /// <summary>The explicit dimensions; empty when dimensions are discovered from rows.</summary>
    public IReadOnlyList<ColumnSchema> Dimensions { get; }

    /// <summary>Whether dimensions are discovered from each row's <c>Dimensions</c>, as strings.</summary>
    public bool IsSchemaless => Dimensions.Count == 0;

    /// <summary>The aggregators, in metric column order.</summary>
    public IReadOnlyList<AggregatorFactory> Aggregators { get; }

    /// <summary>The metric columns the aggregators produce.</summary>
    public IReadOnlyList<ColumnSchema> Metrics { get; }

    /// <summary>The granularity row timestamps are truncated to.</summary>
    public IGranularity QueryGranularity { get; }

    /// <summary>Whether rows with equal truncated time and dimensions are folded into one.</summary>
    public bool Rollup { get; }
}
