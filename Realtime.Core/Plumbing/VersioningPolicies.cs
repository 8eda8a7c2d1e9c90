using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Plumbing;

/// <summary>Druid's <c>intervalStart</c> policy: the version is the segment's start time, so replicas agree on ids.</summary>
public sealed class IntervalStartVersioningPolicy : IVersioningPolicy
{
    /// <inheritdoc />
    public string GetVersion(Interval interval) => DateTimes.Format(interval.StartMillis);
}

/// <summary>Druid's <c>custom</c> policy: a fixed version, or the time the spec was loaded when none is given.</summary>
public sealed class CustomVersioningPolicy : IVersioningPolicy
{
    /// <summary>The version given in the spec.</summary>
    public string Version { get; init; } = DateTimes.Format(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public string GetVersion(Interval interval) => Version;
}
