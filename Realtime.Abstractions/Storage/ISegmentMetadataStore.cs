using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Storage;

/// <summary>The segments table of a metadata store: publishes segments and answers which are recorded and used.</summary>
/// <remarks>Moved into the contracts in 1.2, so that a metadata store can come from a plugin (<see cref="IMetadataStorage"/>).</remarks>
public interface ISegmentMetadataStore : ISegmentPublisher
{
    /// <summary>Connects and creates the segments table unless it exists; the node calls it once at start-up.</summary>
    /// <remarks>
    /// Idempotent: later calls return at once, and the other members call it first. A store that cannot be reached
    /// or lacks the rights it needs throws here, with a message naming the store, so the node does not start.
    /// </remarks>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>All used segments of a data source, ordered by interval start, version and id.</summary>
    Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, CancellationToken cancellationToken);

    /// <summary>The used segments of a data source whose intervals overlap <paramref name="interval"/>.</summary>
    Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, Interval interval, CancellationToken cancellationToken);

    /// <summary>The used segments of every data source, ordered by data source, interval start, version and id.</summary>
    /// <remarks>What a historical node loads, as Druid's coordinator polls <c>used = true</c> rows.</remarks>
    Task<IReadOnlyList<DataSegment>> GetAllUsedSegmentsAsync(CancellationToken cancellationToken);

    /// <summary>The row recorded for a segment id, or null when none is.</summary>
    Task<PublishedSegment?> GetSegmentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Marks a segment unused, so that it is no longer served; its row is kept.</summary>
    /// <returns>True when a used row became unused; false when the id is unknown or already unused.</returns>
    Task<bool> MarkUnusedAsync(string segmentId, CancellationToken cancellationToken);

    /// <summary>Marks a segment used again.</summary>
    /// <returns>True when an unused row became used; false when the id is unknown or already used.</returns>
    Task<bool> MarkUsedAsync(string segmentId, CancellationToken cancellationToken);
}

/// <summary>A segment as recorded in the metadata store.</summary>
/// <param name="Segment">The segment, read from the row's payload.</param>
/// <param name="Used">Whether the segment should be served; unused segments are kept but ignored.</param>
/// <param name="CreatedDate">When the row was inserted.</param>
public sealed record PublishedSegment(DataSegment Segment, bool Used, DateTimeOffset CreatedDate);
