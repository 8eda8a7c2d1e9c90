using Realtime.Core.Query.Dimensions;
using Realtime.Core.Query.Having;
using Realtime.Core.Query.Ordering;

namespace Realtime.Core.Query.Model;

/// <summary>The <c>groupBy</c> query: aggregates per time bucket and combination of dimension values.</summary>
public sealed class GroupByQuery : AggregatingQuery
{
    /// <summary>The dimensions grouped by.</summary>
    public List<DimensionSpec> Dimensions { get; init; } = [];

    /// <summary>Which rows are kept after post-aggregation, or null for all.</summary>
    public HavingSpec? Having { get; init; }

    /// <summary>The ordering and limit of the result, or null for time-then-dimensions order.</summary>
    public LimitSpec? LimitSpec { get; init; }

    /// <summary>Subsets of the dimensions to compute the result for as well (each a list of output names).</summary>
    public List<List<string>>? SubtotalsSpec { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> DimensionNames => Dimensions.Select(d => d.OutputName).ToArray();

    /// <summary>The <c>sortByDimsFirst</c> context flag.</summary>
    public bool SortByDimsFirst => QueryContext.GetBool("sortByDimsFirst") ?? false;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (!outputs.Add(Dimensions[i].OutputName))
            {
                throw new QueryValidationException($"$.dimensions[{i}]", $"Duplicate output name '{Dimensions[i].OutputName}'.");
            }
        }

        for (var i = 0; SubtotalsSpec is not null && i < SubtotalsSpec.Count; i++)
        {
            foreach (var name in SubtotalsSpec[i].Where(n => !outputs.Contains(n)))
            {
                throw new QueryValidationException($"$.subtotalsSpec[{i}]", $"'{name}' is not an output name of the query's dimensions.");
            }
        }
    }
}
