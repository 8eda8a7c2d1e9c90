namespace Realtime.Core.Cluster;

/// <summary>
/// The cluster's data servers and the segments each serves, as a broker sees them: read from ZooKeeper
/// (<see cref="ServerInventoryView"/>), or given by an application that knows its data nodes otherwise.
/// </summary>
public interface IServerInventory
{
    /// <summary>The data servers and their segments, as last read.</summary>
    IReadOnlyList<ServerInventory> Servers { get; }

    /// <summary>Starts reading the inventory; called once.</summary>
    void Start();

    /// <summary>Completes at the next change of <see cref="Servers"/>.</summary>
    Task WhenChangedAsync(CancellationToken cancellationToken);
}
