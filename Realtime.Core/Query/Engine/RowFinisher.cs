using Realtime.Core.Query.Model;
using Realtime.Core.Query.Ordering;
using Realtime.Core.Query.PostAggregation;

namespace Realtime.Core.Query.Engine;

/// <summary>Computes post-aggregators over result rows and finalizes aggregator states, as an aggregating query asks.</summary>
internal sealed class RowFinisher(AggregatingQuery query)
{
    private readonly PostAggregatorPlan _plan = query.CreatePostAggregatorPlan();
    private readonly bool _finalize = query.QueryContext.Finalize;

    /// <summary>The query's output columns with the ordering of their (unfinalized or finalized) values.</summary>
    public QueryColumns Columns => _plan.Columns;

    /// <summary>Adds the post-aggregators' values to <paramref name="row"/>.</summary>
    public void PostAggregate(ResultRow row) => _plan.Compute(row);

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
