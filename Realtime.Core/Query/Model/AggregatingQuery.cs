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

    /// <summary>The aggregators by output name.</summary>
    public IReadOnlyDictionary<string, AggregatorFactory> AggregatorsByName() =>
        Aggregations.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First());

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

        for (var i = 0; i < PostAggregations.Count; i++)
        {
            var post = PostAggregations[i];
            if (string.IsNullOrEmpty(post.Name))
            {
                throw new QueryValidationException($"$.postAggregations[{i}].name", "A post-aggregator needs a name.");
            }

            foreach (var field in post.DependentFields)
            {
                if (!names.Contains(field))
                {
                    throw new QueryValidationException($"$.postAggregations[{i}]", $"Post-aggregator '{post.Name}' uses '{field}', which is not an aggregator or an earlier post-aggregator.");
                }
            }

            if (!names.Add(post.Name))
            {
                throw new QueryValidationException($"$.postAggregations[{i}].name", $"Duplicate output name '{post.Name}'.");
            }
        }
    }
}
