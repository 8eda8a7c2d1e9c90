using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;
using Realtime.Core.Storage;

namespace Realtime.Core.Cluster;

/// <summary>
/// Handoff in a cluster: a segment is handed off once a historical announces a segment that serves its rows (the same
/// partition, an interval containing it, a version at least as new), as Druid's server-view handoff decides.
/// </summary>
/// <remarks>Realtime nodes and other non-replicating servers do not count. Waits for as long as it takes unless cancelled.</remarks>
public sealed partial class ClusterHandoffNotifier(ServerInventoryView inventory, ILogger<ClusterHandoffNotifier> logger) : IHandoffNotifier
{
    /// <inheritdoc />
    public async Task WaitForHandoffAsync(DataSegment segment, CancellationToken cancellationToken)
    {
        var id = segment.Id;
        LogWaiting(segment.Identifier);
        while (true)
        {
            var changed = inventory.WhenChangedAsync(cancellationToken);
            var holder = inventory.Servers
                .Where(s => s.Server.IsReplicationTarget)
                .FirstOrDefault(s => s.Segments.Any(candidate => MetadataHandoffNotifier.Serves(candidate.Id, id)));
            if (holder is not null)
            {
                LogHandedOff(segment.Identifier, holder.Server.Name);
                return;
            }

            await changed;
        }
    }

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Waiting for a historical to announce segment {SegmentId}")]
    private partial void LogWaiting(string segmentId);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Information, Message = "Segment {SegmentId} handed off: historical {Server} serves it")]
    private partial void LogHandedOff(string segmentId, string server);
}
