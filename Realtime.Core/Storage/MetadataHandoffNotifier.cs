using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Storage;

/// <summary>
/// The embedded handoff notifier: a segment is handed off once the metadata store holds a used segment that serves
/// its data, which is the segment itself or one with the same partition number, an interval containing it and a
/// version at least as new (Druid's coordinator-based rule, with the metadata store standing in for historicals).
/// </summary>
/// <remarks>
/// In a single process nothing else loads the segment, so the plumber keeps serving its handed-off copy from the
/// local disk. A failing query is logged and retried at the next poll; only cancellation ends the wait early.
/// </remarks>
public sealed partial class MetadataHandoffNotifier(
    ISegmentMetadataStore store,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<MetadataHandoffNotifier> logger) : IHandoffNotifier
{
    private readonly TimeSpan _pollPeriod = options.Value.PollPeriod > TimeSpan.Zero
        ? options.Value.PollPeriod
        : throw new ArgumentException($"{HandoffOptions.SectionName}:PollPeriod must be positive, not {options.Value.PollPeriod}.");

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task WaitForHandoffAsync(DataSegment segment, CancellationToken cancellationToken)
    {
        var id = segment.Id;
        while (true)
        {
            try
            {
                var used = await store.GetUsedSegmentsAsync(id.DataSource, id.Interval, cancellationToken);
                if (used.FirstOrDefault(candidate => Serves(candidate.Id, id)) is { } server)
                {
                    LogHandedOff(segment.Identifier, server.Identifier);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e, segment.Identifier);
            }

            await Task.Delay(_pollPeriod, timeProvider, cancellationToken);
        }
    }

    /// <summary>Whether a used segment serves the rows of <paramref name="target"/>.</summary>
    internal static bool Serves(SegmentId candidate, SegmentId target) =>
        candidate.DataSource == target.DataSource
        && candidate.PartitionNum == target.PartitionNum
        && candidate.Interval.Contains(target.Interval)
        && string.CompareOrdinal(candidate.Version, target.Version) >= 0;

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Segment {SegmentId} handed off: {ServedBy} is published and used")]
    private partial void LogHandedOff(string segmentId, string servedBy);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Could not check handoff of segment {SegmentId}; retrying")]
    private partial void LogPollFailed(Exception exception, string segmentId);
}
