namespace Realtime.Core.ZooKeeper;

/// <summary>A ZooKeeper operation failed; the message names the operation's path and the servers.</summary>
public sealed class ZooKeeperException(ZooKeeperError error, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>ZooKeeper's error code.</summary>
    public ZooKeeperError Error { get; } = error;
}

/// <summary>ZooKeeper's error codes that the node handles; the numbers are ZooKeeper's own.</summary>
public enum ZooKeeperError
{
    /// <summary>The connection was lost while the operation was in flight; it may or may not have been applied.</summary>
    ConnectionLoss = -4,

    /// <summary>The server did not answer within the session's timeout.</summary>
    OperationTimeout = -7,

    /// <summary>The path or data is not valid for ZooKeeper.</summary>
    BadArguments = -8,

    /// <summary>The znode does not exist.</summary>
    NoNode = -101,

    /// <summary>The session has no right to do this.</summary>
    NoAuth = -102,

    /// <summary>Ephemeral znodes cannot have children.</summary>
    NoChildrenForEphemerals = -108,

    /// <summary>The znode already exists.</summary>
    NodeExists = -110,

    /// <summary>The znode has children.</summary>
    NotEmpty = -111,

    /// <summary>The session has expired.</summary>
    SessionExpired = -112,
}
