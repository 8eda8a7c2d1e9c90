using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;
using Realtime.Core.Storage;
using Realtime.Core.ZooKeeper;

namespace Realtime.Core.Cluster;

/// <summary>
/// The cluster's data servers and the segments each announces, read from ZooKeeper and kept current with watches
/// (Druid's batch server inventory view): <c>announcements/*</c> and the batch znodes under <c>segments/*/</c>.
/// </summary>
/// <remarks>
/// One worker reads what a watch reports changed, so the view changes in order. After a session expiry every
/// watch reports it, and the worker reads everything again. A server is in the view from its announcement until it
/// goes; announcements that cannot be read are logged and left out.
/// </remarks>
public sealed partial class ServerInventoryView : IServerInventory, IAsyncDisposable
{
    private readonly IZooKeeperClient _zooKeeper;
    private readonly ZPaths _paths;
    private readonly ILogger<ServerInventoryView> _logger;
    private readonly ConcurrentDictionary<string, ServerEntry> _servers = new(StringComparer.Ordinal);
    private readonly Channel<Refresh> _work = Channel.CreateUnbounded<Refresh>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<Refresh, byte> _queued = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _worker = Task.CompletedTask;

    /// <summary>A view of the servers announced under <paramref name="paths"/>; call <see cref="Start"/> to begin reading.</summary>
    public ServerInventoryView(IZooKeeperClient zooKeeper, ZPaths paths, ILogger<ServerInventoryView> logger)
    {
        _zooKeeper = zooKeeper;
        _paths = paths;
        _logger = logger;
    }

    /// <inheritdoc />
    public IReadOnlyList<ServerInventory> Servers =>
        [.. _servers.Values.Where(s => s.Metadata is not null).Select(s => new ServerInventory(s.Metadata!, [.. s.Batches.Values.SelectMany(b => b)]))];

    /// <inheritdoc />
    public void Start()
    {
        Enqueue(new Refresh(RefreshKind.Servers, "", ""));
        _worker = Task.Run(RunAsync);
    }

    /// <inheritdoc />
    public Task WhenChangedAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    /// <summary>Stops reading.</summary>
    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _worker;
        _stopping.Dispose();
    }

    private void Enqueue(Refresh refresh)
    {
        if (_queued.TryAdd(refresh, 0))
        {
            _work.Writer.TryWrite(refresh);
        }
    }

    private ZooKeeperWatcher Watch(Refresh refresh) => _ => Enqueue(refresh);

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            await foreach (var refresh in _work.Reader.ReadAllAsync(stopping))
            {
                _queued.TryRemove(refresh, out _);
                try
                {
                    if (await ApplyAsync(refresh, stopping))
                    {
                        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                    }
                }
                catch (ZooKeeperException e) when (e.Error is ZooKeeperError.ConnectionLoss or ZooKeeperError.SessionExpired or ZooKeeperError.OperationTimeout)
                {
                    Enqueue(refresh);
                    await _zooKeeper.WaitConnectedAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> ApplyAsync(Refresh refresh, CancellationToken cancellationToken) => refresh.Kind switch
    {
        RefreshKind.Servers => await RefreshServersAsync(refresh, cancellationToken),
        RefreshKind.Server => await RefreshServerAsync(refresh, cancellationToken),
        RefreshKind.Batches => await RefreshBatchesAsync(refresh, cancellationToken),
        _ => await RefreshBatchAsync(refresh, cancellationToken),
    };

    private async Task<bool> RefreshServersAsync(Refresh refresh, CancellationToken cancellationToken)
    {
        var names = await ChildrenOrWatchCreationAsync(_paths.Announcements, refresh, cancellationToken);
        var changed = false;
        foreach (var name in names.Where(n => !_servers.ContainsKey(n)))
        {
            _servers[name] = new ServerEntry();
            Enqueue(new Refresh(RefreshKind.Server, name, ""));
            Enqueue(new Refresh(RefreshKind.Batches, name, ""));
        }

        foreach (var gone in _servers.Keys.Except(names, StringComparer.Ordinal).ToList())
        {
            changed |= _servers.TryRemove(gone, out _);
            LogServerGone(gone);
        }

        return changed;
    }

    private async Task<bool> RefreshServerAsync(Refresh refresh, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(refresh.Server, out var entry))
        {
            return false;
        }

        var data = await _zooKeeper.GetDataAsync(_paths.AnnouncementOf(refresh.Server), Watch(refresh), cancellationToken);
        if (data is null)
        {
            return _servers.TryRemove(refresh.Server, out _);
        }

        try
        {
            entry.Metadata = ServerAnnouncements.ReadServerMetadata(data);
            LogServerSeen(refresh.Server, entry.Metadata.Type, entry.Metadata.Tier);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            LogUnreadable(e, _paths.AnnouncementOf(refresh.Server));
            return false;
        }
    }

    private async Task<bool> RefreshBatchesAsync(Refresh refresh, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(refresh.Server, out var entry))
        {
            return false;
        }

        var batches = await ChildrenOrWatchCreationAsync(_paths.SegmentsOf(refresh.Server), refresh, cancellationToken);
        foreach (var batch in batches.Where(b => !entry.Batches.ContainsKey(b)))
        {
            Enqueue(new Refresh(RefreshKind.Batch, refresh.Server, batch));
        }

        var changed = false;
        foreach (var gone in entry.Batches.Keys.Except(batches, StringComparer.Ordinal).ToList())
        {
            changed |= entry.Batches.TryRemove(gone, out _);
        }

        return changed;
    }

    private async Task<bool> RefreshBatchAsync(Refresh refresh, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(refresh.Server, out var entry))
        {
            return false;
        }

        var path = $"{_paths.SegmentsOf(refresh.Server)}/{refresh.Batch}";
        var data = await _zooKeeper.GetDataAsync(path, Watch(refresh), cancellationToken);
        if (data is null)
        {
            return entry.Batches.TryRemove(refresh.Batch, out _);
        }

        try
        {
            entry.Batches[refresh.Batch] = [.. DataSegmentJson.DeserializeArray(ZNodePayload.Decode(data))];
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            LogUnreadable(e, path);
            return false;
        }
    }

    // The children of a znode, watched; when it does not exist yet, a watch on its creation instead.
    private async Task<IReadOnlyList<string>> ChildrenOrWatchCreationAsync(string path, Refresh refresh, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _zooKeeper.GetChildrenAsync(path, Watch(refresh), cancellationToken) is { } children)
            {
                return children;
            }

            if (!await _zooKeeper.ExistsAsync(path, Watch(refresh), cancellationToken))
            {
                return [];
            }
        }
    }

    private sealed class ServerEntry
    {
        public DruidServerMetadata? Metadata { get; set; }

        public ConcurrentDictionary<string, ImmutableArray<DataSegment>> Batches { get; } = new(StringComparer.Ordinal);
    }

    private enum RefreshKind
    {
        Servers,
        Server,
        Batches,
        Batch,
    }

    private readonly record struct Refresh(RefreshKind Kind, string Server, string Batch);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Server {Server} announced: {Type} in tier {Tier}")]
    private partial void LogServerSeen(string server, string type, string tier);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Server {Server} is gone")]
    private partial void LogServerGone(string server);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Announcement {Path} cannot be read; it is left out of the cluster view")]
    private partial void LogUnreadable(Exception exception, string path);
}

/// <summary>A data server and the segments it announces.</summary>
/// <param name="Server">The server's announcement.</param>
/// <param name="Segments">The segments it serves.</param>
public sealed record ServerInventory(DruidServerMetadata Server, IReadOnlyList<DataSegment> Segments);
