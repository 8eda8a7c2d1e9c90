using Realtime.Core.Aggregation;
using Realtime.Core.Query.Model;
using Realtime.Core.Query.Ordering;
using Realtime.Core.Query.PostAggregation;

namespace Realtime.Core.Query.Engine;

/// <summary>Computes post-aggregators over result rows and finalizes aggregator states, as an aggregating query asks.</summary>
internal sealed class RowFinisher(AggregatingQuery query)
{
    private readonly IReadOnlyDictionary<string, AggregatorFactory> _aggregators = query.AggregatorsByName();
    private readonly bool _finalize = query.QueryContext.Finalize;

    /// <summary>The query's metric columns with the ordering of their (unfinalized or finalized) values.</summary>
    public QueryColumns Columns(IReadOnlyList<string> dimensions)
    {
        var metrics = new Dictionary<string, IComparer<object?>>(StringComparer.Ordinal);
        foreach (var aggregator in query.Aggregations)
        {
            metrics[aggregator.Name] = Comparer<object?>.Create((x, y) =>
                NumericValueComparer.Instance.Compare(aggregator.FinalizeValue(x), aggregator.FinalizeValue(y)));
        }

        foreach (var post in query.PostAggregations)
        {
            metrics[post.Name] = post.Comparer;
        }

        return new QueryColumns(dimensions, metrics);
    }

    /// <summary>Adds the post-aggregators' values to <paramref name="row"/>.</summary>
    public void PostAggregate(ResultRow row)
    {
        foreach (var post in query.PostAggregations)
        {
            row.Values[post.Name] = post.Compute(row.Values, _aggregators);
        }
    }

    /// <summary>Replaces aggregator states by their final values, unless the context asks for <c>finalize: false</c>.</summary>
    public void Finalize(ResultRow row)
    {
        if (!_finalize)
        {
            return;
        }

        foreach (var aggregator in query.Aggregations)
        {
            row.Values[aggregator.Name] = aggregator.FinalizeValue(row.Values.GetValueOrDefault(aggregator.Name));
        }
    }
}
