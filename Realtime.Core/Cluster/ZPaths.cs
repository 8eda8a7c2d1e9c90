namespace Realtime.Core.Cluster;

/// <summary>The znode layout Druid uses under its base path (<c>/druid</c> by default).</summary>
/// <param name="Base">The base path, absolute, without a trailing slash.</param>
public sealed record ZPaths(string Base)
{
    /// <summary>The layout under <paramref name="basePath"/>, normalized to start with one slash and end without one.</summary>
    public static ZPaths Under(string basePath) => new("/" + basePath.Trim('/'));

    /// <summary>One znode per data server, holding its <c>DruidServerMetadata</c>.</summary>
    public string Announcements => Base + "/announcements";

    /// <summary>The parent of each server's segment batch znodes.</summary>
    public string LiveSegments => Base + "/segments";

    /// <summary>Internal discovery, one folder per node role.</summary>
    public string InternalDiscovery => Base + "/internal-discovery";

    /// <summary>The server announcement of <paramref name="server"/>.</summary>
    public string AnnouncementOf(string server) => $"{Announcements}/{server}";

    /// <summary>The folder of <paramref name="server"/>'s segment batches.</summary>
    public string SegmentsOf(string server) => $"{LiveSegments}/{server}";

    /// <summary>The internal-discovery znode of <paramref name="server"/> in <paramref name="role"/> (upper case, as <c>HISTORICAL</c>).</summary>
    public string DiscoveryOf(string role, string server) => $"{InternalDiscovery}/{role}/{server}";
}
