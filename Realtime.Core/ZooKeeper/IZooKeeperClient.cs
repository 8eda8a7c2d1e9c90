namespace Realtime.Core.ZooKeeper;

/// <summary>
/// A ZooKeeper session as the node's cluster code uses it: znodes created, read, changed and deleted, with one-shot
/// watches, and a session that survives lost connections and is replaced after it expires.
/// </summary>
/// <remarks>
/// Operations wait until the client is connected (or <c>cancellationToken</c> fires). An operation in flight when the
/// connection drops fails with <see cref="ZooKeeperException"/> of code <see cref="ZooKeeperError.ConnectionLoss"/>;
/// callers retry when <see cref="StateChanged"/> reports <see cref="ZooKeeperState.Connected"/> again.
/// Watches survive a reconnection within the same session (the client re-arms them). When the session expires, every
/// pending watcher is called once with <see cref="WatchedEventType.SessionExpired"/>, ephemeral znodes are gone, and the
/// client opens a new session by itself; its owners re-create what they announced and re-arm their watches.
/// </remarks>
public interface IZooKeeperClient : IAsyncDisposable
{
    /// <summary>The servers, as configured (<c>host:port[,host:port...]</c>).</summary>
    string Hosts { get; }

    /// <summary>The connection's current state.</summary>
    ZooKeeperState State { get; }

    /// <summary>Raised on every change of <see cref="State"/>, from the client's own thread; handlers must not block.</summary>
    event Action<ZooKeeperState>? StateChanged;

    /// <summary>Waits until the client is connected.</summary>
    Task WaitConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Creates a znode, creating missing parents as empty persistent znodes.</summary>
    /// <exception cref="ZooKeeperException"><see cref="ZooKeeperError.NodeExists"/> when the znode exists.</exception>
    Task CreateAsync(string path, ReadOnlyMemory<byte> data, ZNodeMode mode, CancellationToken cancellationToken);

    /// <summary>The znode's data, or null when it does not exist; <paramref name="watcher"/> fires once on its next change or deletion.</summary>
    /// <remarks>When the znode does not exist the watcher is not set.</remarks>
    Task<byte[]?> GetDataAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken);

    /// <summary>Replaces the znode's data; false when it does not exist.</summary>
    Task<bool> SetDataAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Whether the znode exists; <paramref name="watcher"/> fires once on its creation, change or deletion.</summary>
    Task<bool> ExistsAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken);

    /// <summary>The names of the znode's children, or null when it does not exist; <paramref name="watcher"/> fires once when they change or it is deleted.</summary>
    /// <remarks>When the znode does not exist the watcher is not set.</remarks>
    Task<IReadOnlyList<string>?> GetChildrenAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken);

    /// <summary>Deletes the znode whatever its version; false when it did not exist.</summary>
    /// <exception cref="ZooKeeperException"><see cref="ZooKeeperError.NotEmpty"/> when it has children.</exception>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken);
}

/// <summary>Called once when a watched znode changes, or with <see cref="WatchedEventType.SessionExpired"/> when the session that set the watch has expired.</summary>
public delegate void ZooKeeperWatcher(WatchedEvent watchedEvent);

/// <summary>What happened to a watched znode.</summary>
/// <param name="Type">The kind of change.</param>
/// <param name="Path">The watched znode's path.</param>
public sealed record WatchedEvent(WatchedEventType Type, string Path);

/// <summary>The kinds of watch event; the numbers are ZooKeeper's own.</summary>
public enum WatchedEventType
{
    /// <summary>The session that set the watch expired; the watch is gone and should be set again.</summary>
    SessionExpired = -1,

    /// <summary>The znode was created.</summary>
    NodeCreated = 1,

    /// <summary>The znode was deleted.</summary>
    NodeDeleted = 2,

    /// <summary>The znode's data changed.</summary>
    NodeDataChanged = 3,

    /// <summary>The znode's children changed.</summary>
    NodeChildrenChanged = 4,
}

/// <summary>How a znode lives.</summary>
public enum ZNodeMode
{
    /// <summary>Kept until deleted.</summary>
    Persistent = 0,

    /// <summary>Deleted by the server when the session that created it ends.</summary>
    Ephemeral = 1,
}

/// <summary>The state of a client's connection.</summary>
public enum ZooKeeperState
{
    /// <summary>Trying to reach a server; operations wait.</summary>
    Connecting,

    /// <summary>Connected with a live session.</summary>
    Connected,

    /// <summary>The connection was lost; the session may still be alive and the client is reconnecting.</summary>
    Disconnected,

    /// <summary>The session expired: its ephemeral znodes and watches are gone. The client goes on to open a new session.</summary>
    Expired,

    /// <summary>The client was disposed.</summary>
    Closed,
}
