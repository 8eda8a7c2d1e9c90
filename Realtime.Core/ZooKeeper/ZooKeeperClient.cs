using Microsoft.Extensions.Logging;

namespace Realtime.Core.ZooKeeper;

/// <summary>
/// The ZooKeeper client. It speaks ZooKeeper's client wire protocol (jute records over TCP) itself, because the
/// package mirror has no .NET ZooKeeper client.
/// </summary>
/// <remarks>
/// The client connects in the background from construction on, trying the servers in turn from a random one and
/// retrying with a backoff (100 ms doubling to 5 s) until it is disposed. Operations are correlated with their replies
/// by xid, so any number may run at once from any thread. Watchers are called one at a time off the connection's
/// thread. Disposing closes the session, so its ephemeral znodes vanish at once.
/// </remarks>
public sealed partial class ZooKeeperClient : IZooKeeperClient
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private const int PasswordLength = 16;

    private readonly (string Host, int Port)[] _servers;
    private readonly TimeSpan _sessionTimeout;
    private readonly ZooKeeperDigest? _digest;
    private readonly ILogger<ZooKeeperClient> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly WatchRegistry _watches = new();
    private readonly WatcherDispatcher _dispatcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Task _sessions;
    private TaskCompletionSource<ZooKeeperConnection> _ready = NewReady();
    private volatile ZooKeeperState _state = ZooKeeperState.Connecting;
    private volatile byte[] _password;
    private long _sessionId;
    private long _lastZxid;
    private bool _closing;

    /// <summary>Creates the client and starts connecting in the background.</summary>
    /// <param name="hosts">The servers, <c>host:port[,host:port...]</c>; the port defaults to 2181.</param>
    /// <param name="sessionTimeout">The session timeout to ask for; the server may adjust it.</param>
    /// <param name="logger">The log.</param>
    /// <param name="timeProvider">The clock for pings, timeouts and backoff; the system clock by default.</param>
    /// <param name="digest">
    /// Digest credentials: each connection authenticates with them, and the znodes the client creates can be used only
    /// by sessions authenticated the same way (ZooKeeper's creator-all ACL). Null: no authentication, znodes open to all.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="hosts"/> is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sessionTimeout"/> is not positive.</exception>
    public ZooKeeperClient(string hosts, TimeSpan sessionTimeout, ILogger<ZooKeeperClient> logger, TimeProvider? timeProvider = null, ZooKeeperDigest? digest = null)
        : this(hosts, sessionTimeout, logger, timeProvider, 0, new byte[PasswordLength], digest)
    {
    }

    private ZooKeeperClient(
        string hosts, TimeSpan sessionTimeout, ILogger<ZooKeeperClient> logger, TimeProvider? timeProvider, long sessionId, byte[] password, ZooKeeperDigest? digest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sessionTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sessionTimeout, TimeSpan.FromMilliseconds(int.MaxValue));
        _servers = ZooKeeperHosts.Parse(hosts);
        Hosts = hosts;
        _sessionTimeout = sessionTimeout;
        _digest = digest;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _dispatcher = new WatcherDispatcher(logger);
        _sessionId = sessionId;
        _password = password;
        _sessions = Task.Run(() => RunSessionsAsync(_stopping.Token));
    }

    /// <inheritdoc />
    public string Hosts { get; }

    /// <inheritdoc />
    public ZooKeeperState State => _state;

    /// <inheritdoc />
    public event Action<ZooKeeperState>? StateChanged;

    /// <summary>The current session's id; 0 before the first session is open.</summary>
    internal long SessionId => Interlocked.Read(ref _sessionId);

    /// <summary>The current session's password, which with <see cref="SessionId"/> lets another connection attach to the session.</summary>
    internal byte[] SessionPassword => (byte[])_password.Clone();

    /// <summary>Opens a client that attaches to an existing session instead of opening a new one, as a reconnecting client does.</summary>
    /// <remarks>Disposing it closes that session, which expires it for every other client attached to it.</remarks>
    internal static ZooKeeperClient AttachToSession(
        string hosts, TimeSpan sessionTimeout, long sessionId, byte[] password, ILogger<ZooKeeperClient> logger, TimeProvider? timeProvider = null) =>
        new(hosts, sessionTimeout, logger, timeProvider, sessionId, (byte[])password.Clone(), null);

    /// <inheritdoc />
    public Task WaitConnectedAsync(CancellationToken cancellationToken) => WaitForConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public async Task CreateAsync(string path, ReadOnlyMemory<byte> data, ZNodeMode mode, CancellationToken cancellationToken)
    {
        const string operation = "create";
        ValidatePath(operation, path);
        var request = new CreateRequest(path, data, mode, _digest is not null);
        var reply = await CallAsync(operation, path, request, null, cancellationToken);
        if (reply.Error == (int)ZooKeeperError.NoNode)
        {
            await CreateParentsAsync(path, cancellationToken);
            reply = await CallAsync(operation, path, request, null, cancellationToken);
        }

        ThrowOnError(operation, path, reply);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetDataAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken)
    {
        const string operation = "getData";
        ValidatePath(operation, path);
        var reply = await CallAsync(operation, path, new PathRequest(OpCode.GetData, path, watcher is not null), Arm(watcher, path, WatchKind.Data), cancellationToken);
        return IsNoNode(operation, path, reply) ? null : new JuteReader(reply.Body).ReadBuffer() ?? [];
    }

    /// <inheritdoc />
    public async Task<bool> SetDataAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        const string operation = "setData";
        ValidatePath(operation, path);
        var reply = await CallAsync(operation, path, new SetDataRequest(path, data), null, cancellationToken);
        return !IsNoNode(operation, path, reply);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken)
    {
        const string operation = "exists";
        ValidatePath(operation, path);
        var arm = Arm(watcher, path, WatchKind.Data, WatchKind.Exist);
        var reply = await CallAsync(operation, path, new PathRequest(OpCode.Exists, path, watcher is not null), arm, cancellationToken);
        return !IsNoNode(operation, path, reply);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>?> GetChildrenAsync(string path, ZooKeeperWatcher? watcher, CancellationToken cancellationToken)
    {
        const string operation = "getChildren";
        ValidatePath(operation, path);
        var reply = await CallAsync(operation, path, new PathRequest(OpCode.GetChildren2, path, watcher is not null), Arm(watcher, path, WatchKind.Child), cancellationToken);
        return IsNoNode(operation, path, reply) ? null : new JuteReader(reply.Body).ReadStrings() ?? [];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        const string operation = "delete";
        ValidatePath(operation, path);
        var reply = await CallAsync(operation, path, new DeleteRequest(path), null, cancellationToken);
        return !IsNoNode(operation, path, reply);
    }

    /// <summary>Closes the session (its ephemeral znodes vanish at once) and the connection; later operations throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        TaskCompletionSource<ZooKeeperConnection> ready;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            ready = _ready;
        }

        if (ready.Task.IsCompletedSuccessfully)
        {
            await CloseSessionAsync(ready.Task.Result);
        }

        await _stopping.CancelAsync();
        await _sessions.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_lock)
        {
            _ready.TrySetException(new ObjectDisposedException(nameof(ZooKeeperClient)));
        }

        SetState(ZooKeeperState.Closed);
        _dispatcher.Complete();
        _stopping.Dispose();
    }

    private static TaskCompletionSource<ZooKeeperConnection> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Hex(long sessionId) => $"0x{sessionId:x}";


    private static string Describe(ZooKeeperError error) => Enum.IsDefined(error) ? error.ToString() : $"error {(int)error}";

    private async Task CreateParentsAsync(string path, CancellationToken cancellationToken)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var parent = path[..slash];
            var reply = await CallAsync("create", parent, new CreateRequest(parent, ReadOnlyMemory<byte>.Empty, ZNodeMode.Persistent, _digest is not null), null, cancellationToken);
            if (reply.Error != (int)ZooKeeperError.NodeExists)
            {
                ThrowOnError($"create (a parent of {path})", parent, reply);
            }
        }
    }

    private void ValidatePath(string operation, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/') || (path.Length > 1 && path.EndsWith('/')) || path.Contains("//", StringComparison.Ordinal) || path.Contains('\0'))
        {
            throw Failure(operation, path, ZooKeeperError.BadArguments, "not a valid znode path");
        }
    }

    private Action<int>? Arm(ZooKeeperWatcher? watcher, string path, WatchKind whenFound, WatchKind? whenMissing = null) =>
        watcher is null
            ? null
            : error =>
            {
                if (error == 0)
                {
                    _watches.Add(whenFound, path, watcher);
                }
                else if (error == (int)ZooKeeperError.NoNode && whenMissing is { } kind)
                {
                    _watches.Add(kind, path, watcher);
                }
            };

    private async Task<ZooKeeperReply> CallAsync(
        string operation, string path, IZooKeeperRequest request, Action<int>? onReply, CancellationToken cancellationToken)
    {
        var connection = await WaitForConnectionAsync(cancellationToken);
        var reply = await connection.SendAsync(request, onReply).WaitAsync(cancellationToken);
        if (reply.Error == (int)ZooKeeperError.ConnectionLoss)
        {
            throw Failure(operation, path, ZooKeeperError.ConnectionLoss, $"{reply.Failure} at {connection.Server}");
        }

        return reply;
    }

    private async Task<ZooKeeperConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        Task<ZooKeeperConnection> ready;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            ready = _ready.Task;
        }

        return await ready.WaitAsync(cancellationToken);
    }

    private bool IsNoNode(string operation, string path, ZooKeeperReply reply)
    {
        if (reply.Error == (int)ZooKeeperError.NoNode)
        {
            return true;
        }

        ThrowOnError(operation, path, reply);
        return false;
    }

    private void ThrowOnError(string operation, string path, ZooKeeperReply reply)
    {
        if (reply.Error != 0)
        {
            throw Failure(operation, path, (ZooKeeperError)reply.Error);
        }
    }

    private ZooKeeperException Failure(string operation, string path, ZooKeeperError error, string? detail = null) =>
        new(error, $"ZooKeeper {operation} of {path} at {Hosts} failed: {Describe(error)}{(detail is null ? "" : $" ({detail})")}");

    private async Task CloseSessionAsync(ZooKeeperConnection connection)
    {
        var reply = connection.SendAsync(new EmptyRequest(OpCode.CloseSession));
        if (await Task.WhenAny(reply, Task.Delay(_sessionTimeout, _timeProvider)) == reply && reply.Result.Error == 0)
        {
            _logger.SessionClosed(Hex(SessionId), connection.Server);
        }
    }
}
