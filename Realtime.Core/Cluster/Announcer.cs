using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Realtime.Core.Metrics;
using Realtime.Core.ZooKeeper;

namespace Realtime.Core.Cluster;

/// <summary>
/// Keeps the node's ephemeral znodes in ZooKeeper equal to what the node announces (Druid's Announcer): each call
/// records the wanted state at once, and one worker writes it to ZooKeeper, in order, whenever it can.
/// </summary>
/// <remarks>
/// Nothing is lost while ZooKeeper is unreachable: the writes wait and catch up. After a session expires, every owned
/// znode is written again, because the server deleted the ephemeral znodes with the session. Missing parents are created
/// as persistent znodes. Thread-safe; calls never block on the network.
/// </remarks>
public sealed partial class Announcer : IAsyncDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly IZooKeeperClient _zooKeeper;
    private readonly ILogger<Announcer> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _owned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Counter<long> _writes;
    private readonly Counter<long> _bytes;
    private readonly Task _worker;

    /// <summary>Starts the worker that writes announcements through <paramref name="zooKeeper"/>.</summary>
    public Announcer(IZooKeeperClient zooKeeper, IMeterFactory meterFactory, ILogger<Announcer> logger)
    {
        _zooKeeper = zooKeeper;
        _logger = logger;
        var meter = meterFactory.Create(RealtimeMetrics.MeterName);
        _writes = meter.CreateCounter<long>("realtime.zookeeper.writes", "{request}", "Announcement writes sent to ZooKeeper: creates, updates and deletes.");
        _bytes = meter.CreateCounter<long>("realtime.zookeeper.written", "By", "Bytes of announcement data sent to ZooKeeper.");
        zooKeeper.StateChanged += OnStateChanged;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>How many announcements are waiting to be written.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Creates or replaces the ephemeral znode at <paramref name="path"/> with <paramref name="data"/>.</summary>
    public void Announce(string path, byte[] data)
    {
        lock (_gate)
        {
            if (_owned.TryGetValue(path, out var current) && current.AsSpan().SequenceEqual(data) && !_pending.Contains(path))
            {
                return;
            }

            _owned[path] = data;
            _pending.Add(path);
        }

        _signal.Release();
    }

    /// <summary>Deletes the znode at <paramref name="path"/> if this announcer made it.</summary>
    public void Unannounce(string path)
    {
        lock (_gate)
        {
            if (!_owned.Remove(path))
            {
                return;
            }

            _pending.Add(path);
        }

        _signal.Release();
    }

    /// <summary>Stops the worker; the znodes go with the ZooKeeper session when the client closes.</summary>
    public async ValueTask DisposeAsync()
    {
        _zooKeeper.StateChanged -= OnStateChanged;
        await _stopping.CancelAsync();
        await _worker;
        _stopping.Dispose();
        _signal.Dispose();
    }

    private void OnStateChanged(ZooKeeperState state)
    {
        if (state == ZooKeeperState.Expired)
        {
            lock (_gate)
            {
                _pending.UnionWith(_owned.Keys);
            }

            LogRecreating(_owned.Count);
        }

        if (state is ZooKeeperState.Expired or ZooKeeperState.Connected)
        {
            _signal.Release();
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                await _signal.WaitAsync(stopping);
                string[] paths;
                lock (_gate)
                {
                    paths = [.. _pending];
                    _pending.Clear();
                }

                foreach (var path in paths)
                {
                    await WriteAsync(path, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(string path, CancellationToken stopping)
    {
        byte[]? data;
        lock (_gate)
        {
            data = _owned.GetValueOrDefault(path);
        }

        try
        {
            if (data is null)
            {
                await _zooKeeper.DeleteAsync(path, stopping);
                Count(0);
                return;
            }

            try
            {
                await _zooKeeper.CreateAsync(path, data, ZNodeMode.Ephemeral, stopping);
                Count(data.Length);
            }
            catch (ZooKeeperException e) when (e.Error == ZooKeeperError.NodeExists)
            {
                if (!await _zooKeeper.SetDataAsync(path, data, stopping))
                {
                    await _zooKeeper.CreateAsync(path, data, ZNodeMode.Ephemeral, stopping);
                }

                Count(data.Length);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogWriteFailed(e, path);
            lock (_gate)
            {
                _pending.Add(path);
            }

            await RetryLaterAsync(stopping);
        }
    }

    private async Task RetryLaterAsync(CancellationToken stopping)
    {
        await Task.Delay(RetryPause, stopping);
        _signal.Release();
    }

    private void Count(int bytes)
    {
        _writes.Add(1);
        _bytes.Add(bytes);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not write announcement {Path} to ZooKeeper; it will be written when ZooKeeper answers")]
    private partial void LogWriteFailed(Exception exception, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "ZooKeeper session expired; re-creating {Count} announcements")]
    private partial void LogRecreating(int count);
}
