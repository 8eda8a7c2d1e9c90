using System.Net.Sockets;

namespace Realtime.Core.ZooKeeper;

/// <summary>The session loop: connecting, reconnecting within the session, and opening a new session when it expires.</summary>
public sealed partial class ZooKeeperClient
{
    private bool IsClosing
    {
        get
        {
            lock (_lock)
            {
                return _closing;
            }
        }
    }

    private async Task RunSessionsAsync(CancellationToken cancellationToken)
    {
        var retryDelay = FirstRetryDelay;
        var next = Random.Shared.Next(_servers.Length);
        var connectTimeout = _sessionTimeout / _servers.Length;
        while (!IsClosing)
        {
            var (host, port) = _servers[next];
            next = (next + 1) % _servers.Length;
            ZooKeeperConnection connection;
            try
            {
                var request = new ConnectRequest(_lastZxid, (int)_sessionTimeout.TotalMilliseconds, SessionId, _password);
                connection = await ZooKeeperConnection.OpenAsync(host, port, request, _digest, connectTimeout, _timeProvider, cancellationToken);
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException or InvalidDataException)
            {
                _logger.CannotReach($"{host}:{port}", ZooKeeperConnection.Describe(e), retryDelay.TotalSeconds);
                await Task.Delay(retryDelay, _timeProvider, cancellationToken);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }

            using (connection)
            {
                retryDelay = FirstRetryDelay;
                if (connection.Session.SessionExpired)
                {
                    Expire();
                    continue;
                }

                await RunConnectionAsync(connection, cancellationToken);
            }

            await Task.Delay(FirstRetryDelay, _timeProvider, cancellationToken);
        }
    }

    /// <summary>Serves operations on a connection until it ends, then reports the client disconnected unless it is closing.</summary>
    private async Task RunConnectionAsync(ZooKeeperConnection connection, CancellationToken cancellationToken)
    {
        var sameSession = connection.Session.SessionId == SessionId;
        Interlocked.Exchange(ref _sessionId, connection.Session.SessionId);
        _password = connection.Session.Password;
        var sessionId = Hex(connection.Session.SessionId);
        if (sameSession)
        {
            var rearm = _watches.ToSetWatches(_lastZxid);
            if (rearm.Count > 0)
            {
                _logger.RearmingWatches(rearm.Sum(r => r.DataWatches.Count + r.ExistWatches.Count + r.ChildWatches.Count), sessionId);
            }

            foreach (var request in rearm)
            {
                _ = connection.SendAsync(request);
            }
        }

        _logger.Connected(connection.Server, sessionId, connection.Session.TimeoutMillis);
        SetState(ZooKeeperState.Connected);
        lock (_lock)
        {
            _ready.TrySetResult(connection);
        }

        var cause = await connection.RunAsync(OnNotification, cancellationToken);
        _lastZxid = connection.LastZxid;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _ready = NewReady();
        }

        _logger.ConnectionLost(connection.Server, cause, Hosts);
        SetState(ZooKeeperState.Disconnected);
    }

    /// <summary>Forgets the expired session, fires every watcher once with <see cref="WatchedEventType.SessionExpired"/> and reports it.</summary>
    private void Expire()
    {
        _logger.SessionExpired(Hex(SessionId), Hosts);
        Interlocked.Exchange(ref _sessionId, 0);
        _password = new byte[PasswordLength];
        _lastZxid = 0;
        foreach (var (watcher, path) in _watches.TakeAll())
        {
            _dispatcher.Post(watcher, new WatchedEvent(WatchedEventType.SessionExpired, path));
        }

        SetState(ZooKeeperState.Expired);
    }

    private void OnNotification(WatcherEvent notification)
    {
        if (notification.Type is < (int)WatchedEventType.NodeCreated or > (int)WatchedEventType.NodeChildrenChanged)
        {
            return;
        }

        var watchedEvent = new WatchedEvent((WatchedEventType)notification.Type, notification.Path);
        foreach (var watcher in _watches.Take(watchedEvent.Type, watchedEvent.Path))
        {
            _dispatcher.Post(watcher, watchedEvent);
        }
    }

    private void SetState(ZooKeeperState state)
    {
        _state = state;
        try
        {
            StateChanged?.Invoke(state);
        }
        catch (Exception e)
        {
            _logger.StateHandlerFailed(state, e);
        }
    }
}
