using System.Text.Json.Serialization;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Plumbing;

/// <summary>
/// Druid's default <c>realtime</c> plumber: one sink per segment interval, persisted as it grows, then merged,
/// pushed to deep storage, published to the metadata store and handed off once the window has passed.
/// </summary>
public sealed class RealtimePlumberSchool : IPlumberSchool
{
    /// <inheritdoc />
    public IPlumber FindPlumber(PlumberContext context) => new RealtimePlumber(context);
}

/// <summary>
/// Druid's <c>flushing</c> plumber: persists like the realtime plumber but never pushes or publishes; a sink is
/// dropped <see cref="FlushDuration"/> after it leaves the window. For nodes without deep storage.
/// </summary>
public sealed class FlushingPlumberSchool : IPlumberSchool
{
    /// <summary>How long a sink stays queryable after it leaves the window.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan FlushDuration { get; init; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public IPlumber FindPlumber(PlumberContext context) => new FlushingPlumber(context, FlushDuration);
}
