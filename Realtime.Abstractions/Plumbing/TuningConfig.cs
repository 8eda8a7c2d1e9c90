using System.Text.Json.Serialization;
using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Plumbing;

/// <summary>The spec's <c>tuningConfig</c> (Druid's <c>realtime</c> type), with Druid's defaults.</summary>
public sealed class TuningConfig
{
    /// <summary>Always <c>realtime</c>.</summary>
    public string Type { get; init; } = "realtime";

    /// <summary>Rows (after rollup) in one sink's in-memory index before a persist is forced.</summary>
    public int MaxRowsInMemory { get; init; } = 1_000_000;

    /// <summary>Estimated bytes in one sink's in-memory index before a persist is forced; 0 means a sixth of the memory available to the process.</summary>
    public long MaxBytesInMemory { get; init; }

    /// <summary>How often everything in memory is persisted; checked when rows arrive.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan IntermediatePersistPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How late (and, for <c>serverTime</c>, how early) an event may be; also the wait before handoff.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan WindowPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Root of persisted hydrants. Without it a new temporary directory is used, which disables restart recovery.</summary>
    public string? BasePersistDirectory { get; init; }

    /// <summary>How segment versions are chosen; Druid's default is <c>intervalStart</c>.</summary>
    public IVersioningPolicy? VersioningPolicy { get; init; }

    /// <summary>Which event times are accepted; Druid's default is <c>serverTime</c>.</summary>
    public IRejectionPolicyFactory? RejectionPolicy { get; init; }

    /// <summary>Persists that may queue before ingestion blocks.</summary>
    public int MaxPendingPersists { get; init; }

    /// <summary>The partition this pipeline writes; Druid's default is partition 0.</summary>
    public IShardSpec? ShardSpec { get; init; }

    /// <summary>When true, one unparseable row stops the pipeline; otherwise it is counted and skipped.</summary>
    public bool ReportParseExceptions { get; init; }

    /// <summary>How long finishing a job waits for handoff; zero waits for ever.</summary>
    public long HandoffConditionTimeout { get; init; }

    /// <summary>A column whose repeated values within a sink are dropped as duplicates.</summary>
    public string? DedupColumn { get; init; }
}
