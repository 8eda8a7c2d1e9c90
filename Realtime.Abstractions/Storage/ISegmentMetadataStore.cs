using Realtime.Abstractions.Time;

namespace Realtime.Abstractions.Storage;

/// <summary>The segments table of a metadata store: publishes segments and answers which are recorded and used.</summary>
/// <remarks>Moved into the contracts in 1.2, so that a metadata store can come from a plugin (<see cref="IMetadataStorage"/>).</remarks>
public interface ISegmentMetadataStore : ISegmentPublisher
{
    /// <summary>All used segments of a data source, ordered by interval start, version and id.</summary>
    Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, CancellationToken cancellationToken);

    /// <summary>The used segments of a data source whose intervals overlap <paramref name="interval"/>.</summary>
    Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, Interval interval, CancellationToken cancellationToken);

    /// <summary>The row recorded for a segment id, or null when none is.</summary>
    Task<PublishedSegment?> GetSegmentAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A segment as recorded in the metadata store.</summary>
/// <param name="Segment">The segment, read from the row's payload.</param>
/// <param name="Used">Whether the segment should be served; unused segments are kept but ignored.</param>
/// <param name="CreatedDate">When the row was inserted.</param>
public sealed record PublishedSegment(DataSegment Segment, bool Used, DateTimeOffset CreatedDate);
