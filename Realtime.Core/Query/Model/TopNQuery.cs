using System.Text.Json.Serialization;
using Realtime.Core.Query.Dimensions;
using Realtime.Core.Query.Ordering;

namespace Realtime.Core.Query.Model;

/// <summary>The <c>topN</c> query: per time bucket, the values of one dimension ranked by a metric.</summary>
public sealed class TopNQuery : AggregatingQuery
{
    /// <summary>The dimension ranked.</summary>
    [JsonRequired]
    public DimensionSpec Dimension { get; init; } = null!;

    /// <summary>How values are ranked.</summary>
    [JsonRequired]
    public TopNMetricSpec Metric { get; init; } = null!;

    /// <summary>How many values are returned per bucket.</summary>
    [JsonRequired]
    public int Threshold { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> DimensionNames => [Dimension.OutputName];

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Threshold <= 0)
        {
            throw new QueryValidationException("$.threshold", "threshold must be positive.");
        }
    }
}
