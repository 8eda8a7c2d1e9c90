using Microsoft.Extensions.Hosting;
using Realtime.Core.Cluster;

namespace Realtime.Core.Broker;

/// <summary>
/// The broker's view of the cluster (Druid's <c>BrokerServerView</c>): a <see cref="SegmentTimeline"/> per data source
/// built from the data servers' announcements, rebuilt whenever the <see cref="IServerInventory"/> changes.
/// </summary>
/// <remarks>Readers get the last complete snapshot; a query planned on a snapshot that has since changed is corrected by retries.</remarks>
public sealed class BrokerServerView(IServerInventory inventory) : BackgroundService
{
    private volatile Snapshot _snapshot = new([], []);
    private volatile bool _initialized;

    /// <summary>Whether the view has read the cluster's announcements at least once (Druid's <c>inventoryInitialized</c>).</summary>
    public bool Initialized => _initialized;

    /// <summary>The data sources with at least one announced segment.</summary>
    public IReadOnlyCollection<string> DataSources => _snapshot.Timelines.Keys;

    /// <summary>The announced data servers by name (<c>host:port</c>).</summary>
    public IReadOnlyDictionary<string, DruidServerMetadata> Servers => _snapshot.Servers;

    /// <summary>The timeline of <paramref name="dataSource"/>, or null when no server announces a segment of it.</summary>
    public SegmentTimeline? GetTimeline(string dataSource) => _snapshot.Timelines.GetValueOrDefault(dataSource);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inventory.Start();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = inventory.WhenChangedAsync(stoppingToken);
            Rebuild();
            try
            {
                await changed.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _initialized = true;
        }
    }

    /// <summary>Rebuilds the timelines from what the inventory holds now.</summary>
    internal void Rebuild()
    {
        var timelines = new Dictionary<string, SegmentTimeline>(StringComparer.Ordinal);
        var servers = new Dictionary<string, DruidServerMetadata>(StringComparer.Ordinal);
        foreach (var server in inventory.Servers)
        {
            servers[server.Server.Name] = server.Server;
            foreach (var segment in server.Segments)
            {
                if (!timelines.TryGetValue(segment.DataSource, out var timeline))
                {
                    timelines[segment.DataSource] = timeline = new SegmentTimeline();
                }

                timeline.Add(segment, server.Server.Name);
            }
        }

        _snapshot = new Snapshot(timelines, servers);
    }

    private sealed record Snapshot(Dictionary<string, SegmentTimeline> Timelines, Dictionary<string, DruidServerMetadata> Servers);
}
