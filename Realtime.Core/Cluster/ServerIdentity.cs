using Microsoft.Extensions.Configuration;

namespace Realtime.Core.Cluster;

/// <summary>
/// Who the node is in the cluster: its name (<c>host:port</c>, Druid's <c>DruidNode.getHostAndPortToUse</c>), its
/// server type (<c>realtime</c> or <c>historical</c>) and its tier.
/// </summary>
/// <param name="Host">The host other nodes reach it at.</param>
/// <param name="Port">Its HTTP port.</param>
/// <param name="Type">Druid's server type: <c>realtime</c> or <c>historical</c>.</param>
/// <param name="Tier">Its tier.</param>
/// <param name="MaxSize">The bytes of segments it offers to hold.</param>
/// <param name="Priority">Its priority within the tier.</param>
public sealed record ServerIdentity(string Host, int Port, string Type, string Tier, long MaxSize, int Priority)
{
    /// <summary>The node's name in ZooKeeper paths and payloads: <c>host:port</c>.</summary>
    public string Name => $"{Host}:{Port}";

    /// <summary>Whether the node is a historical, which the cluster hands segments to.</summary>
    public bool IsHistorical => Type == NodeRoles.Historical;

    /// <summary>
    /// The identity from configuration: the role (<c>Realtime:Role</c>), <c>Realtime:Server</c>, and the first URL the
    /// node listens on (<c>urls</c>, as <c>--urls</c> sets it).
    /// </summary>
    /// <exception cref="ClusterConfigurationException">No URL with a fixed port is configured, or the role is unknown; the message says what to set.</exception>
    public static ServerIdentity From(IConfiguration configuration, ServerIdentityOptions options)
    {
        var role = NodeRoles.Parse(configuration["Realtime:Role"]);
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var url) || url.Port <= 0)
        {
            throw new ClusterConfigurationException(
                $"A node in a cluster announces host:port, so it needs a URL with a fixed port: set 'Urls' (or --urls), for example http://127.0.0.1:8084; it is '{urls}'.");
        }

        var host = options.Host is { Length: > 0 } configured
            ? configured
            : url.Host is "0.0.0.0" or "[::]" or "::" ? System.Net.Dns.GetHostName() : url.Host;
        return new ServerIdentity(host, url.Port, role, options.Tier, role == NodeRoles.Historical ? options.MaxSize : 0, options.Priority);
    }
}

/// <summary>The node's roles, chosen by <c>Realtime:Role</c>.</summary>
public static class NodeRoles
{
    /// <summary>Ingests from firehoses and hands segments off (the default).</summary>
    public const string Realtime = "realtime";

    /// <summary>Loads used segments from deep storage and serves them.</summary>
    public const string Historical = "historical";

    /// <summary>Answers queries for the whole cluster by asking the data nodes; ingests and serves nothing itself.</summary>
    public const string Broker = "broker";

    /// <summary>The role named by a <c>Realtime:Role</c> setting; unset means <see cref="Realtime"/>.</summary>
    /// <exception cref="ClusterConfigurationException">The role is not one of the known ones.</exception>
    public static string Parse(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        null or "" or Realtime => Realtime,
        Historical => Historical,
        Broker => Broker,
        var other => throw new ClusterConfigurationException($"Realtime:Role '{other}' is not a role; use '{Realtime}' (the default), '{Historical}' or '{Broker}'."),
    };
}

/// <summary>The node's cluster settings are wrong; the message names the setting and what it should be.</summary>
public sealed class ClusterConfigurationException(string message) : Exception(message);
