using Microsoft.Extensions.Logging;

namespace Realtime.Core.ZooKeeper;

/// <summary>The ZooKeeper client's log messages.</summary>
internal static partial class ZooKeeperLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Cannot reach ZooKeeper at {Server}: {Cause}; retrying in {RetrySeconds} s")]
    public static partial void CannotReach(this ILogger logger, string server, string cause, double retrySeconds);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Connected to ZooKeeper at {Server}, session {SessionId}, timeout {TimeoutMillis} ms")]
    public static partial void Connected(this ILogger logger, string server, string sessionId, int timeoutMillis);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Lost the connection to ZooKeeper at {Server}: {Cause}; reconnecting to {Hosts}")]
    public static partial void ConnectionLost(this ILogger logger, string server, string cause, string hosts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "ZooKeeper session {SessionId} expired: its ephemeral znodes and watches are gone; opening a new session at {Hosts}")]
    public static partial void SessionExpired(this ILogger logger, string sessionId, string hosts);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Closed ZooKeeper session {SessionId} at {Server}")]
    public static partial void SessionClosed(this ILogger logger, string sessionId, string server);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "A ZooKeeper watcher failed on {EventType} of {Path}")]
    public static partial void WatcherFailed(this ILogger logger, WatchedEventType eventType, string path, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "A handler of the ZooKeeper client's state change to {State} failed")]
    public static partial void StateHandlerFailed(this ILogger logger, ZooKeeperState state, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Re-arming {Count} ZooKeeper watches of session {SessionId}")]
    public static partial void RearmingWatches(this ILogger logger, int count, string sessionId);
}
