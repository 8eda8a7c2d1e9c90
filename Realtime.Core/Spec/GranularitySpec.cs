using Realtime.Core.Time;

namespace Realtime.Core.Spec;

/// <summary>The data schema's <c>granularitySpec</c> (Druid's <c>uniform</c> type).</summary>
public sealed class GranularitySpec
{
    private readonly string _type = "uniform";

    /// <summary>Always <c>uniform</c>: realtime ingestion does not support <c>arbitrary</c>.</summary>
    public string Type
    {
        get => _type;
        init => _type = string.Equals(value, "uniform", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new ArgumentException($"granularitySpec.type '{value}' is not supported for realtime ingestion; use 'uniform'.");
    }

    /// <summary>The segment interval length: one sink, and one segment per partition, per bucket (UTC). Default <c>day</c>.</summary>
    public Granularity SegmentGranularity { get; init; } = Granularity.FromName("day");

    /// <summary>How far timestamps are truncated before rollup. Default <c>none</c> (milliseconds).</summary>
    public Granularity QueryGranularity { get; init; } = Granularity.None;

    /// <summary>Whether rows with equal truncated time and dimensions are combined. Default true.</summary>
    public bool Rollup { get; init; } = true;

    /// <summary>Accepted for compatibility and ignored: realtime ingestion takes whatever intervals arrive.</summary>
    public IReadOnlyList<string>? Intervals { get; init; }
}
