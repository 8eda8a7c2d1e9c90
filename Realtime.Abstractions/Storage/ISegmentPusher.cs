namespace Realtime.Abstractions.Storage;

/// <summary>Copies a merged segment to deep storage (Druid's DataSegmentPusher).</summary>
public interface ISegmentPusher
{
    /// <summary>Pushes the segment in <paramref name="segmentDirectory"/>; returns the descriptor with its load spec and size.</summary>
    /// <remarks>Pushing the same segment again overwrites the stored copy.</remarks>
    Task<DataSegment> PushAsync(string segmentDirectory, DataSegment segment, CancellationToken cancellationToken);
}

/// <summary>Records pushed segments in the metadata store (Druid's SegmentPublisher).</summary>
public interface ISegmentPublisher
{
    /// <summary>Inserts the segment's row unless a row with its id exists.</summary>
    /// <returns>True when a row was inserted, false when the id was already published.</returns>
    Task<bool> PublishAsync(DataSegment segment, CancellationToken cancellationToken);
}

/// <summary>Tells a plumber when a pushed segment is served elsewhere, so the node can let it go.</summary>
public interface IHandoffNotifier
{
    /// <summary>Completes when the segment has been handed off.</summary>
    Task WaitForHandoffAsync(DataSegment segment, CancellationToken cancellationToken);
}
