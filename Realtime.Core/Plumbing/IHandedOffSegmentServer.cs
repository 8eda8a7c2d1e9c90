using Realtime.Abstractions.Index;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Plumbing;

/// <summary>
/// Takes over serving a segment that the realtime plumber has handed off, from the merged files the plumber leaves
/// behind, so that a single node never loses queryable data when a sink is dropped.
/// </summary>
/// <remarks>
/// Optional: without one, a handed-off segment is served only by whoever loads it from deep storage, and its merged
/// files are deleted with the sink.
/// </remarks>
public interface IHandedOffSegmentServer
{
    /// <summary>Moves <paramref name="mergedDirectory"/> into the server's keeping and starts serving it as <paramref name="segment"/>.</summary>
    /// <param name="segment">The published segment.</param>
    /// <param name="mergedDirectory">The merged index the plumber pushed; the server owns it afterwards.</param>
    /// <param name="indexes">Opens the merged index.</param>
    void ServeHandedOff(DataSegment segment, string mergedDirectory, IIndexFactory indexes);
}
