using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.Core.ZooKeeper;

namespace Realtime.Core.Cluster;

/// <summary>
/// The node's place in the cluster: at start it announces itself under <c>announcements/</c> and
/// <c>internal-discovery/</c>, and starts reading the cluster's inventory. ZooKeeper need not be up: the
/// announcements are written when it answers.
/// </summary>
public sealed partial class ClusterMembership(
    IZooKeeperClient zooKeeper,
    Announcer announcer,
    ServerInventoryView inventory,
    ServerIdentity self,
    ZPaths paths,
    ZooKeeperOptions options,
    TimeProvider clock,
    ILogger<ClusterMembership> logger) : IHostedService
{
    /// <summary>The node as the cluster knows it.</summary>
    public ServerIdentity Self => self;

    /// <summary>The state of the node's ZooKeeper connection.</summary>
    public ZooKeeperState State => zooKeeper.State;

    /// <summary>The ZooKeeper servers.</summary>
    public string Hosts => zooKeeper.Hosts;

    /// <summary>Announcement writes waiting for ZooKeeper.</summary>
    public int PendingAnnouncements => announcer.Pending;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        announcer.Announce(paths.AnnouncementOf(self.Name), ZNodePayload.Encode(ServerAnnouncements.ServerMetadata(self), options.Compress));
        announcer.Announce(
            paths.DiscoveryOf(ServerAnnouncements.DiscoveryRole(self), self.Name),
            ZNodePayload.Encode(ServerAnnouncements.DiscoveryNode(self, clock.GetUtcNow()), options.Compress));
        inventory.Start();
        LogJoining(self.Name, self.Type, self.Tier, zooKeeper.Hosts, paths.Base);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6050, Level = LogLevel.Information, Message = "Joining the cluster as {Server} ({Type}, tier {Tier}) through ZooKeeper {Hosts} under {Base}")]
    private partial void LogJoining(string server, string type, string tier, string hosts, string @base);
}
