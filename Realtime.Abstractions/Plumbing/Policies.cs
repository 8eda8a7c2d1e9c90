using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Plumbing;

/// <summary>The tuning config's <c>rejectionPolicy</c>: which event times a plumber accepts.</summary>
[Components.ComponentSlot("rejectionPolicy")]
public interface IRejectionPolicyFactory
{
    /// <summary>Creates the policy for one plumber.</summary>
    IRejectionPolicy Create(TimeSpan windowPeriod, TimeProvider clock);
}

/// <summary>Decides whether an event time is inside the window, and how far time has advanced.</summary>
public interface IRejectionPolicy
{
    /// <summary>The time (epoch milliseconds) the plumber treats as now for handing sinks off.</summary>
    long CurrentMaxTime { get; }

    /// <summary>Whether an event at <paramref name="timestampMillis"/> is accepted; may advance <see cref="CurrentMaxTime"/>.</summary>
    bool Accept(long timestampMillis);
}

/// <summary>The tuning config's <c>versioningPolicy</c>: the version a segment gets.</summary>
[Components.ComponentSlot("versioningPolicy")]
public interface IVersioningPolicy
{
    /// <summary>The version for the segment covering <paramref name="interval"/>.</summary>
    string GetVersion(Interval interval);
}

/// <summary>The tuning config's <c>shardSpec</c>: which partition of the data source this pipeline writes.</summary>
[Components.ComponentSlot("shardSpec")]
public interface IShardSpec
{
    /// <summary>The partition number, part of the segment id when not 0.</summary>
    int PartitionNum { get; }
}
