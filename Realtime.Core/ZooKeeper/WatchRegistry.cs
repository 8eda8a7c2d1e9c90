namespace Realtime.Core.ZooKeeper;

/// <summary>The three kinds of watch ZooKeeper keeps per connection.</summary>
internal enum WatchKind
{
    /// <summary>Set by getData, or by exists on a znode that exists: fires on change or deletion.</summary>
    Data,

    /// <summary>Set by exists on a znode that does not exist: fires on creation.</summary>
    Exist,

    /// <summary>Set by getChildren: fires when the children change or the znode is deleted.</summary>
    Child,
}

/// <summary>
/// The session's armed watches by kind and path, as ZooKeeper's Java client keeps them: a notification takes the
/// watchers it concerns, and after a reconnection within the session they are re-armed with setWatches.
/// </summary>
/// <remarks>Thread-safe. A watcher set twice on one path and kind fires once.</remarks>
internal sealed class WatchRegistry
{
    /// <summary>The most path characters in one setWatches request, about the limit of ZooKeeper's Java client.</summary>
    private const int SetWatchesBatchBytes = 128 * 1024;

    private readonly Dictionary<string, HashSet<ZooKeeperWatcher>>[] _watches =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    private readonly Lock _lock = new();

    public void Add(WatchKind kind, string path, ZooKeeperWatcher watcher)
    {
        lock (_lock)
        {
            var byPath = _watches[(int)kind];
            if (!byPath.TryGetValue(path, out var watchers))
            {
                byPath[path] = watchers = [];
            }

            watchers.Add(watcher);
        }
    }

    /// <summary>Removes and returns the watchers that an event of <paramref name="type"/> on <paramref name="path"/> fires.</summary>
    public IReadOnlyCollection<ZooKeeperWatcher> Take(WatchedEventType type, string path)
    {
        WatchKind[] kinds = type switch
        {
            WatchedEventType.NodeCreated or WatchedEventType.NodeDataChanged => [WatchKind.Data, WatchKind.Exist],
            WatchedEventType.NodeChildrenChanged => [WatchKind.Child],
            WatchedEventType.NodeDeleted => [WatchKind.Data, WatchKind.Exist, WatchKind.Child],
            _ => [],
        };
        var fired = new HashSet<ZooKeeperWatcher>();
        lock (_lock)
        {
            foreach (var kind in kinds)
            {
                if (_watches[(int)kind].Remove(path, out var watchers))
                {
                    fired.UnionWith(watchers);
                }
            }
        }

        return fired;
    }

    /// <summary>Removes and returns every watcher with its path, each pair once.</summary>
    public IReadOnlyCollection<(ZooKeeperWatcher Watcher, string Path)> TakeAll()
    {
        var all = new HashSet<(ZooKeeperWatcher, string)>();
        lock (_lock)
        {
            foreach (var byPath in _watches)
            {
                all.UnionWith(byPath.SelectMany(p => p.Value.Select(w => (w, p.Key))));
                byPath.Clear();
            }
        }

        return all;
    }

    /// <summary>The setWatches requests that re-arm every watch on a new connection, relative to <paramref name="lastZxid"/>.</summary>
    public IReadOnlyList<SetWatchesRequest> ToSetWatches(long lastZxid)
    {
        List<(WatchKind Kind, string Path)> armed;
        lock (_lock)
        {
            armed = [.. Enum.GetValues<WatchKind>().SelectMany(kind => _watches[(int)kind].Keys.Select(path => (kind, path)))];
        }

        var requests = new List<SetWatchesRequest>();
        var batch = new[] { new List<string>(), new List<string>(), new List<string>() };
        var batchBytes = 0;
        foreach (var (kind, path) in armed)
        {
            batch[(int)kind].Add(path);
            batchBytes += path.Length;
            if (batchBytes >= SetWatchesBatchBytes)
            {
                requests.Add(new SetWatchesRequest(lastZxid, batch[0], batch[1], batch[2]));
                batch = [[], [], []];
                batchBytes = 0;
            }
        }

        if (batchBytes > 0)
        {
            requests.Add(new SetWatchesRequest(lastZxid, batch[0], batch[1], batch[2]));
        }

        return requests;
    }
}
