namespace Realtime.Abstractions.Storage;

/// <summary>Copies a pushed segment out of deep storage into a local directory (Druid's DataSegmentPuller).</summary>
/// <remarks>Added in contracts 1.2.</remarks>
public interface ISegmentPuller
{
    /// <summary>Extracts the segment that <paramref name="segment"/>'s load spec points at into <paramref name="targetDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The load spec is missing or of a kind this deep storage cannot read.</exception>
    /// <exception cref="FileNotFoundException">The segment is not in deep storage.</exception>
    Task PullAsync(DataSegment segment, string targetDirectory, CancellationToken cancellationToken);
}
