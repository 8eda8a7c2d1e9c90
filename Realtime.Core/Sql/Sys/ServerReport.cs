using System.Globalization;
using Realtime.Core.Cluster;

namespace Realtime.Core.Sql.Sys;

/// <summary>One server the node knows, as Druid's <c>sys.servers</c> table lists it.</summary>
/// <param name="Name">The server's name, <c>host:port</c>.</param>
/// <param name="Host">The host name.</param>
/// <param name="PlaintextPort">The HTTP port, or -1 when it serves none.</param>
/// <param name="TlsPort">The HTTPS port, or -1 when it serves none.</param>
/// <param name="Type">
/// Druid's service type in lower case, as <c>sys.servers.server_type</c> shows it: <c>historical</c>, <c>broker</c>,
/// <c>indexer</c> (a realtime node: one long-running process that ingests and serves its realtime segments) or
/// <c>peon</c>.
/// </param>
/// <param name="Tier">The tier of a data server, or null.</param>
/// <param name="CurrentSize">Bytes of the segments it serves.</param>
/// <param name="MaxSize">Bytes of segments it offers to hold.</param>
public sealed record ServerReport(string Name, string Host, long PlaintextPort, long TlsPort, string Type, string? Tier, long CurrentSize, long MaxSize)
{
    /// <summary>
    /// The <c>server_type</c> of a server announced with Druid's server type <paramref name="serverType"/> (or a node
    /// of that <c>Realtime:Role</c>): <c>historical</c>, <c>broker</c>, <c>indexer</c> for a realtime node and <c>peon</c>
    /// for Druid's <c>indexer-executor</c>.
    /// </summary>
    public static string ServiceType(string serverType) => serverType switch
    {
        NodeRoles.Realtime => "indexer",
        "indexer-executor" => "peon",
        _ => serverType,
    };

    /// <summary>The row of a data server announced in the cluster, with the bytes of the segments it announces.</summary>
    public static ServerReport Announced(ServerInventory announced)
    {
        var server = announced.Server;
        var (host, port) = Split(server.Name);
        var tlsPort = server.HostAndTlsPort is { } tls ? Split(tls).Port : -1;
        return new ServerReport(server.Name, host, port, tlsPort, ServiceType(server.Type), server.Tier, announced.Segments.Sum(s => s.Size), server.MaxSize);
    }

    private static (string Host, long Port) Split(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        return colon > 0 && long.TryParse(hostAndPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (hostAndPort[..colon], port)
            : (hostAndPort, -1);
    }
}
