using System.Text.Json;

namespace Realtime.Core.Query.Model;

/// <summary>The <c>timeBoundary</c> query: the earliest and latest stored timestamps.</summary>
public sealed class TimeBoundaryQuery : Query
{
    /// <summary><c>minTime</c> or <c>maxTime</c> to return only one bound, or null for both.</summary>
    public string? Bound { get; init; }

    /// <inheritdoc />
    protected override bool RequiresIntervals => false;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Bound is not (null or "minTime" or "maxTime"))
        {
            throw new QueryValidationException("$.bound", $"bound must be minTime or maxTime; found '{Bound}'.");
        }
    }
}

/// <summary>The <c>dataSourceMetadata</c> query: the timestamp of the newest ingested event.</summary>
public sealed class DataSourceMetadataQuery : Query
{
    /// <inheritdoc />
    protected override bool RequiresIntervals => false;
}

/// <summary>The <c>segmentMetadata</c> query: columns, types, cardinality, sizes and intervals per segment.</summary>
public sealed class SegmentMetadataQuery : Query
{
    /// <summary>Which columns are described: <c>{"type":"all"}</c>, <c>{"type":"none"}</c> or <c>{"type":"list","columns":[…]}</c>.</summary>
    public JsonElement? ToInclude { get; init; }

    /// <summary>Whether the segments are merged into one description.</summary>
    public bool Merge { get; init; }

    /// <summary>What is analysed: <c>cardinality</c>, <c>size</c>, <c>interval</c>, <c>minmax</c>, <c>aggregators</c>,
    /// <c>queryGranularity</c>, <c>rollup</c>, <c>timestampSpec</c>; null for Druid's default set.</summary>
    public List<string>? AnalysisTypes { get; init; }

    /// <summary>Accepted for compatibility: aggregators that differ between segments are dropped from a merge.</summary>
    public bool LenientAggregatorMerge { get; init; }

    /// <inheritdoc />
    protected override bool RequiresIntervals => false;

    /// <summary>The analyses to run.</summary>
    public IReadOnlySet<string> Analyses => new HashSet<string>(AnalysisTypes ?? ["cardinality", "interval", "minmax"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether column <paramref name="name"/> is described.</summary>
    public bool Includes(string name)
    {
        if (ToInclude is not { ValueKind: JsonValueKind.Object } include || !include.TryGetProperty("type", out var type))
        {
            return true;
        }

        return type.GetString() switch
        {
            "none" => false,
            "list" => include.TryGetProperty("columns", out var columns) && columns.EnumerateArray().Any(c => c.GetString() == name),
            _ => true,
        };
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        string[] known = ["cardinality", "size", "interval", "minmax", "aggregators", "querygranularity", "rollup", "timestampspec"];
        for (var i = 0; AnalysisTypes is not null && i < AnalysisTypes.Count; i++)
        {
            if (!known.Contains(AnalysisTypes[i].ToLowerInvariant()))
            {
                throw new QueryValidationException($"$.analysisTypes[{i}]", $"Unknown analysis type '{AnalysisTypes[i]}'. Known: cardinality, size, interval, minmax, aggregators, queryGranularity, rollup, timestampSpec.");
            }
        }
    }
}
