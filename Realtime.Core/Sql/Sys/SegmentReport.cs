using System.Text.Json.Serialization;
using Realtime.Abstractions.Storage;

namespace Realtime.Core.Sql.Sys;

/// <summary>Where a segment is on its way from a live sink to the node that serves it after handoff.</summary>
public enum SegmentState
{
    /// <summary>A sink taking rows: an in-memory hydrant and the hydrants persisted so far.</summary>
    Live,

    /// <summary>A sink that takes no more rows: being merged (or, with the flushing plumber, waiting to be dropped).</summary>
    Sealed,

    /// <summary>Merged and pushed to deep storage, not yet in the metadata store.</summary>
    Pushed,

    /// <summary>Recorded in the metadata store and waiting for handoff, or published and served by no node.</summary>
    Published,

    /// <summary>Served from a segment cache after handoff: this node's, or a historical's.</summary>
    HandedOff,
}

/// <summary>One segment the node knows: its identity, state, rows, size and the servers that serve it.</summary>
/// <param name="Id">Druid's segment id.</param>
/// <param name="DataSource">The data source.</param>
/// <param name="Interval">The segment interval in ISO-8601.</param>
/// <param name="Version">The segment version.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="State">Where the segment is on its way to handoff.</param>
/// <param name="Published">Whether the metadata store records it as used.</param>
/// <param name="Hydrants">The hydrants of a sink held here (0 otherwise).</param>
/// <param name="PersistedHydrants">How many of those hydrants are persisted.</param>
/// <param name="Rows">Rows after rollup, when the segment is held here; null for a segment only other nodes hold.</param>
/// <param name="RowsInMemory">Rows in the in-memory hydrant of a sink held here.</param>
/// <param name="Size">
/// Bytes: the recorded size of a pushed segment, or for a sink the in-memory estimate plus its persisted hydrants' data files.
/// </param>
/// <param name="Servers">The servers (<c>host:port</c>) that serve it, this node included.</param>
public sealed record SegmentReport(
    string Id,
    string DataSource,
    string Interval,
    string Version,
    int Partition,
    SegmentState State,
    bool Published,
    int Hydrants,
    int PersistedHydrants,
    long? Rows,
    long RowsInMemory,
    long Size,
    IReadOnlyList<string> Servers)
{
    /// <summary>
    /// The segment's descriptor when the node has one (pushed, published, served or announced): its shard spec,
    /// dimensions and metrics. Null for a sink not yet pushed.
    /// </summary>
    [JsonIgnore]
    public DataSegment? Descriptor { get; init; }
}
