using System.Text.Json.Serialization;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Aggregation;
using Realtime.Core.Transforms;

namespace Realtime.Core.Spec;

/// <summary>The spec's <c>dataSchema</c>: data source, parser, metrics, granularities and transforms.</summary>
public sealed class DataSchema
{
    /// <summary>The table name and segment-id prefix.</summary>
    public required string DataSource { get; init; }

    /// <summary>How raw messages become rows.</summary>
    public IInputRowParserFactory? Parser { get; init; }

    /// <summary>The aggregators applied at ingestion.</summary>
    public IReadOnlyList<AggregatorFactory> MetricsSpec { get; init; } = [];

    /// <summary>Segment and query granularity, and rollup.</summary>
    public GranularitySpec GranularitySpec { get; init; } = new();

    /// <summary>Expression transforms and a row filter, applied after parsing.</summary>
    public TransformSpec? TransformSpec { get; init; }

    /// <summary>Fields that schemaless discovery must not turn into dimensions: aggregator inputs and names.</summary>
    [JsonIgnore]
    public IReadOnlyCollection<string> ImplicitExclusions =>
        MetricsSpec.SelectMany(m => m.RequiredFields.Append(m.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Checks names and required parts.</summary>
    /// <exception cref="ArgumentException">Something is missing or clashes; the message names the field.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataSource) || DataSource.IndexOfAny(['/', '\\']) >= 0 || DataSource.StartsWith('.'))
        {
            throw new ArgumentException($"dataSchema.dataSource '{DataSource}' is not a valid name (it must be non-empty and contain no '/' or '\\').");
        }

        if (Parser is null)
        {
            throw new ArgumentException("dataSchema.parser is required.");
        }

        var duplicate = MetricsSpec.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"dataSchema.metricsSpec has two aggregators named '{duplicate.Key}'.");
        }

        var queryOnly = MetricsSpec.Select((m, i) => (Metric: m, Index: i)).FirstOrDefault(m => m.Metric.IsQueryOnly);
        if (queryOnly.Metric is not null)
        {
            throw new ArgumentException($"dataSchema.metricsSpec[{queryOnly.Index}]: the {queryOnly.Metric.TypeName} aggregator '{queryOnly.Metric.Name}' is available in queries only.");
        }

        var clash = MetricsSpec.Select(m => m.Name).Intersect(ExplicitDimensions.Select(d => d.Name), StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null)
        {
            throw new ArgumentException($"dataSchema: '{clash}' is both a dimension and a metric.");
        }
    }

    /// <summary>The dimensions the parse spec declares, with types; empty for schemaless discovery.</summary>
    [JsonIgnore]
    public IReadOnlyList<Abstractions.Segments.ColumnSchema> ExplicitDimensions =>
        Parser is Parsing.ParseSpecParserFactory { ParseSpec.DimensionsSpec: { } dimensions } ? dimensions.Schema : [];
}
