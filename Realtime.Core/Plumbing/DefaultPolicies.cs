using Realtime.Abstractions.Plumbing;

namespace Realtime.Core.Plumbing;

/// <summary>The policies the realtime plumbers run when a spec's <c>tuningConfig</c> leaves them out: Druid's defaults.</summary>
public static class DefaultPolicies
{
    /// <summary>The spec's rejection policy, or <c>serverTime</c>.</summary>
    public static IRejectionPolicyFactory RejectionPolicy(TuningConfig tuning) => tuning.RejectionPolicy ?? new ServerTimeRejectionPolicyFactory();

    /// <summary>The spec's versioning policy, or <c>intervalStart</c>.</summary>
    public static IVersioningPolicy VersioningPolicy(TuningConfig tuning) => tuning.VersioningPolicy ?? new IntervalStartVersioningPolicy();

    /// <summary>The spec's shard spec, or <c>none</c>.</summary>
    public static IShardSpec ShardSpec(TuningConfig tuning) => tuning.ShardSpec ?? new NoneShardSpec();
}
