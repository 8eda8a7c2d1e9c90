using Realtime.Core.ZooKeeper;

namespace Realtime.Core.Cluster;

/// <summary>
/// How the node joins a cluster through ZooKeeper, bound from <c>Realtime:ZooKeeper</c> (Druid's <c>druid.zk.*</c>).
/// Without <see cref="Hosts"/> the node runs alone, as it does embedded.
/// </summary>
public sealed class ZooKeeperOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:ZooKeeper";

    /// <summary>The ZooKeeper servers, <c>host:port[,host:port...]</c> (Druid's <c>druid.zk.service.host</c>); unset for a node on its own.</summary>
    public string? Hosts { get; set; }

    /// <summary>The root of the node's znodes (Druid's <c>druid.zk.paths.base</c>).</summary>
    public string Base { get; set; } = "/druid";

    /// <summary>The session timeout asked of ZooKeeper (Druid's <c>druid.zk.service.sessionTimeoutMs</c>).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether announcements are written gzip-compressed (Druid's <c>druid.zk.service.compress</c>); readers accept both forms.</summary>
    public bool Compress { get; set; } = true;

    /// <summary>
    /// The ZooKeeper digest user (Druid's <c>druid.zk.service.user</c>). With <see cref="Password"/>, each connection
    /// authenticates as it and the znodes the node creates are readable and writable only by sessions with the same
    /// credentials (ZooKeeper's creator-all ACL), so every node of the cluster is given the same pair.
    /// </summary>
    public string? User { get; set; }

    /// <summary>The ZooKeeper digest password (Druid's <c>druid.zk.service.pwd</c>); see <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The digest credentials, when both <see cref="User"/> and <see cref="Password"/> are set.</summary>
    public ZooKeeperDigest? Digest => User is { Length: > 0 } user && Password is { Length: > 0 } password ? new ZooKeeperDigest(user, password) : null;

    /// <summary>The most segments in one announcement znode (Druid's <c>druid.announcer.segmentsPerNode</c>).</summary>
    public int SegmentsPerNode { get; set; } = 50;

    /// <summary>The most bytes of segment JSON in one announcement znode (Druid's <c>druid.announcer.maxBytesPerNode</c>), 1,024 to 1,048,576.</summary>
    public int MaxBytesPerNode { get; set; } = 524288;
}

/// <summary>What the node announces about itself, bound from <c>Realtime:Server</c> (Druid's <c>druid.host</c> and <c>druid.server.*</c>).</summary>
public sealed class ServerIdentityOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Server";

    /// <summary>Druid's default tier, <c>_default_tier</c>.</summary>
    public const string DefaultTier = "_default_tier";

    /// <summary>The host other nodes reach this one at; by default the host the node listens on, or the machine's name when it listens on every address.</summary>
    public string? Host { get; set; }

    /// <summary>The tier of the node (Druid's <c>druid.server.tier</c>); historicals share segments within a tier.</summary>
    public string Tier { get; set; } = DefaultTier;

    /// <summary>The bytes of segments the node offers to hold (Druid's <c>druid.server.maxSize</c>); announced, 0 for realtime nodes.</summary>
    public long MaxSize { get; set; }

    /// <summary>The node's priority among servers of its tier (Druid's <c>druid.server.priority</c>).</summary>
    public int Priority { get; set; }
}

/// <summary>How a historical node shares the used segments with the others of its tier, bound from <c>Realtime:Historical</c>.</summary>
public sealed class HistoricalOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Historical";

    /// <summary>How many historicals of the tier load each used segment (Druid's load rule <c>tieredReplicants</c>).</summary>
    public int Replicants { get; set; } = 2;

    /// <summary>How often the metadata store is read for the used segments (besides every change of membership).</summary>
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a segment that failed to load waits before it is tried again.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
