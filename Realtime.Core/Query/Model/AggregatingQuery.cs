using System.Text.Json.Serialization;
using Realtime.Core.Aggregation;
using Realtime.Core.Query.PostAggregation;
using Realtime.Core.Time;

namespace Realtime.Core.Query.Model;

/// <summary>A query that buckets rows by time and aggregates them: <c>timeseries</c>, <c>topN</c> and <c>groupBy</c>.</summary>
public abstract class AggregatingQuery : Query
{
    /// <summary>How row timestamps are bucketed.</summary>
    public Granularity Granularity { get; init; } = Granularity.All;

    /// <summary>The aggregators computed per bucket (and group).</summary>
    public List<AggregatorFactory> Aggregations { get; init; } = [];

    /// <summary>The post-aggregators computed from the aggregated values.</summary>
    public List<PostAggregator> PostAggregations { get; init; } = [];

    /// <summary>The output names of the query's dimensions, which post-aggregators may read too.</summary>
    [JsonIgnore]
    public virtual IReadOnlyList<string> DimensionNames => [];

    /// <summary>The post-aggregators checked against the query's columns and put in computing order.</summary>
    /// <exception cref="ArgumentException">A post-aggregator has no name, reuses an output name, reads an unknown column or is part of a cycle.</exception>
    public PostAggregatorPlan CreatePostAggregatorPlan() => PostAggregatorPlan.Create(DimensionNames, Aggregations, PostAggregations);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Aggregations.Count; i++)
        {
            if (!names.Add(Aggregations[i].Name))
            {
                throw new QueryValidationException($"$.aggregations[{i}].name", $"Duplicate output name '{Aggregations[i].Name}'.");
            }
        }

        try
        {
            CreatePostAggregatorPlan();
        }
        catch (ArgumentException e)
        {
            throw new QueryValidationException("$.postAggregations", e.Message);
        }
    }
}
