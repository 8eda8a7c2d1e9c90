namespace Realtime.Core.Sql.Sys;

/// <summary>
/// What the node knows of the cluster's segments and servers, which the <c>sys</c> tables list: on a data node, what it
/// serves, has published and sees announced; on a broker, what the data servers announce.
/// </summary>
/// <remarks>Implemented by the host (it knows the pipelines, the segment cache and the cluster membership); safe for concurrent use.</remarks>
public interface ISystemCatalog
{
    /// <summary>Every segment the node knows, ordered by data source, interval start, version and partition.</summary>
    /// <param name="cancellationToken">Cancels reading the metadata store.</param>
    Task<IReadOnlyList<SegmentReport>> ListSegmentsAsync(CancellationToken cancellationToken);

    /// <summary>The servers the node knows: itself, then those announced in the cluster, by name.</summary>
    IReadOnlyList<ServerReport> ListServers();
}
