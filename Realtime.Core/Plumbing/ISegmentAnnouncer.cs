using Realtime.Abstractions.Storage;

namespace Realtime.Core.Plumbing;

/// <summary>
/// Tells the cluster which segments the node serves (Druid's DataSegmentAnnouncer): the realtime plumber announces a
/// sink when it is created or recovered and unannounces it when the sink is dropped after handoff.
/// </summary>
/// <remarks>
/// Optional: a node outside a cluster has none. Calls never block on the network; an announcer that is not
/// connected records them and catches up when it is.
/// </remarks>
public interface ISegmentAnnouncer
{
    /// <summary>Announces that the node serves <paramref name="segment"/>; announcing it again does nothing.</summary>
    void Announce(DataSegment segment);

    /// <summary>Withdraws the announcement of <paramref name="segment"/>; does nothing when it was not announced.</summary>
    void Unannounce(DataSegment segment);
}
