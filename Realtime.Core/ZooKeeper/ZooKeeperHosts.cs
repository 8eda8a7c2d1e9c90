using System.Globalization;

namespace Realtime.Core.ZooKeeper;

/// <summary>Parses a ZooKeeper connect string, <c>host:port[,host:port...]</c>.</summary>
internal static class ZooKeeperHosts
{
    private const int DefaultPort = 2181;

    /// <exception cref="ArgumentException">The string is empty, names a chroot, or has a bad port.</exception>
    public static (string Host, int Port)[] Parse(string hosts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hosts);
        if (hosts.Contains('/'))
        {
            throw new ArgumentException($"ZooKeeper hosts '{hosts}' name a chroot path, which the client does not support.", nameof(hosts));
        }

        return [.. hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(server => ParseServer(hosts, server))];
    }

    private static (string Host, int Port) ParseServer(string hosts, string server)
    {
        var colon = server.LastIndexOf(':');
        if (colon < 0 || server.EndsWith(']'))
        {
            return (server.Trim('[', ']'), DefaultPort);
        }

        if (!int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535 || colon == 0)
        {
            throw new ArgumentException($"ZooKeeper hosts '{hosts}': '{server}' is not host:port.", nameof(hosts));
        }

        return (server[..colon].Trim('[', ']'), port);
    }
}
