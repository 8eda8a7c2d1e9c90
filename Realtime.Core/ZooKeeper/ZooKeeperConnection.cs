using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Realtime.Core.ZooKeeper;

/// <summary>A reply: ZooKeeper's error code (0 for success) and the body after the reply header.</summary>
/// <param name="Error">ZooKeeper's error code; <see cref="ZooKeeperError.ConnectionLoss"/> when the connection dropped first.</param>
/// <param name="Body">The reply's record.</param>
/// <param name="Failure">Why the connection dropped, for <see cref="ZooKeeperError.ConnectionLoss"/>.</param>
internal sealed record ZooKeeperReply(int Error, ReadOnlyMemory<byte> Body, string? Failure = null);

/// <summary>
/// One TCP connection to one server within a session: the connect handshake, then requests matched to their replies by
/// xid (the server answers in order), pings, and watch notifications handed to the owner.
/// </summary>
/// <remarks>
/// Requests may be sent from any thread. When the connection ends, every request still waiting gets a reply of
/// <see cref="ZooKeeperError.ConnectionLoss"/>, and so does every later one.
/// </remarks>
internal sealed class ZooKeeperConnection : IDisposable
{
    private const int MaxFrameLength = 64 * 1024 * 1024;
    private readonly NetworkStream _stream;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<PendingRequest> _pending = new();
    private readonly Lock _lock = new();
    private int _xid;
    private string? _failure;
    private long _lastZxid;
    private long _lastReceived;

    private ZooKeeperConnection(NetworkStream stream, string server, ConnectResponse session, long lastZxid, TimeProvider timeProvider)
    {
        _stream = stream;
        _timeProvider = timeProvider;
        _lastZxid = lastZxid;
        _lastReceived = timeProvider.GetTimestamp();
        Server = server;
        Session = session;
    }

    /// <summary>The server, as <c>host:port</c>.</summary>
    public string Server { get; }

    /// <summary>The server's answer to the connect request.</summary>
    public ConnectResponse Session { get; }

    /// <summary>The newest zxid seen in a reply.</summary>
    public long LastZxid => Interlocked.Read(ref _lastZxid);

    /// <summary>
    /// Connects to a server and sends <paramref name="request"/>, then, for a live session, authenticates the connection
    /// with <paramref name="digest"/> when given (<c>addauth digest user:password</c>); the connection returned may
    /// report an expired session.
    /// </summary>
    /// <exception cref="SocketException">The server cannot be reached.</exception>
    /// <exception cref="IOException">The connection broke during the handshake.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidDataException">The server refused the credentials, or answered out of protocol.</exception>
    public static async Task<ZooKeeperConnection> OpenAsync(
        string host, int port, ConnectRequest request, ZooKeeperDigest? digest, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, linked.Token);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync(request.ToFrame(), linked.Token);
            var session = ConnectResponse.Read(new JuteReader(await ReadFrameAsync(stream, linked.Token)));
            if (digest is not null && !session.SessionExpired)
            {
                await AuthenticateAsync(stream, digest, linked.Token);
            }

            return new ZooKeeperConnection(stream, $"{host}:{port}", session, request.LastZxidSeen, timeProvider);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Why a connection attempt or a connection failed, in a few words.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        IOException { InnerException: SocketException socket } => socket.Message,
        OperationCanceledException => "the client was closed",
        _ => exception.Message,
    };

    /// <summary>Sends a request; the reply comes when the server answers or the connection ends.</summary>
    /// <param name="request">The request.</param>
    /// <param name="onReply">Called with the reply's error code on the connection's reading thread, before any later notification is handled.</param>
    public Task<ZooKeeperReply> SendAsync(IZooKeeperRequest request, Action<int>? onReply = null)
    {
        var frame = RequestFrame.Build(request, 0);
        lock (_lock)
        {
            if (_failure is not null)
            {
                return Task.FromResult(Lost(_failure));
            }

            var xid = request.OpCode == OpCode.SetWatches ? Xid.SetWatches : ++_xid;
            RequestFrame.SetXid(frame, xid);
            var pending = new PendingRequest(xid, onReply);
            _pending.Enqueue(pending);
            _outgoing.Writer.TryWrite(frame);
            return pending.Reply.Task;
        }
    }

    /// <summary>
    /// Runs the connection until it fails or <paramref name="cancellationToken"/> fires: writes requests, reads replies,
    /// pings at a third of the session timeout and gives up when the server is silent for two thirds of it.
    /// </summary>
    /// <param name="onNotification">Called on the reading thread with each watch notification.</param>
    /// <param name="cancellationToken">Ends the connection.</param>
    /// <returns>Why the connection ended.</returns>
    public async Task<string> RunAsync(Action<WatcherEvent> onNotification, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] loops = [ReadAsync(onNotification, stopping.Token), WriteAsync(stopping.Token), PingAsync(stopping.Token)];
        var ended = await Task.WhenAny(loops);
        var reason = ended.Exception is { InnerException: { } cause } ? Describe(cause) : "the connection was closed";
        Fail(reason);
        await stopping.CancelAsync();
        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return reason;
    }

    /// <summary>Closes the connection; requests still waiting get <see cref="ZooKeeperError.ConnectionLoss"/>.</summary>
    public void Dispose() => Fail("the connection was closed");

    private static ZooKeeperReply Lost(string failure) => new((int)ZooKeeperError.ConnectionLoss, ReadOnlyMemory<byte>.Empty, failure);

    // Auth info belongs to a connection, not a session, so each connection sends it before any other request.
    private static async Task AuthenticateAsync(NetworkStream stream, ZooKeeperDigest digest, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(RequestFrame.Build(new AuthRequest("digest", System.Text.Encoding.UTF8.GetBytes($"{digest.User}:{digest.Password}")), Xid.Auth), cancellationToken);
        while (true)
        {
            var header = ReplyHeader.Read(new JuteReader(await ReadFrameAsync(stream, cancellationToken)));
            if (header.Xid != Xid.Auth)
            {
                continue;
            }

            if (header.Error != 0)
            {
                throw new InvalidDataException($"the server refused the digest credentials of user '{digest.User}' (error {header.Error})");
            }

            return;
        }
    }

    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var prefix = new byte[sizeof(int)];
        await ReadExactlyAsync(stream, prefix, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length is < 0 or > MaxFrameLength)
        {
            throw new InvalidDataException($"the server sent a frame of {length} bytes");
        }

        var payload = new byte[length];
        await ReadExactlyAsync(stream, payload, cancellationToken);
        return payload;
    }

    private static async Task ReadExactlyAsync(NetworkStream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken) < buffer.Length)
        {
            throw new EndOfStreamException("the server closed the connection");
        }
    }

    private async Task ReadAsync(Action<WatcherEvent> onNotification, CancellationToken cancellationToken)
    {
        while (true)
        {
            var payload = await ReadFrameAsync(_stream, cancellationToken);
            Volatile.Write(ref _lastReceived, _timeProvider.GetTimestamp());
            var reader = new JuteReader(payload);
            var header = ReplyHeader.Read(reader);
            if (header.Xid == Xid.Ping)
            {
                continue;
            }

            if (header.Xid == Xid.Notification)
            {
                onNotification(WatcherEvent.Read(reader));
                continue;
            }

            PendingRequest? pending;
            lock (_lock)
            {
                if (!_pending.TryDequeue(out pending))
                {
                    throw new InvalidDataException($"the server answered xid {header.Xid}, which was never sent");
                }
            }

            if (pending.Xid != header.Xid)
            {
                var failure = $"the server answered xid {header.Xid} where xid {pending.Xid} was due";
                pending.Reply.TrySetResult(Lost(failure));
                throw new InvalidDataException(failure);
            }

            if (header.Zxid > 0)
            {
                Interlocked.Exchange(ref _lastZxid, header.Zxid);
            }

            pending.OnReply?.Invoke(header.Error);
            pending.Reply.TrySetResult(new ZooKeeperReply(header.Error, reader.Rest));
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await foreach (var frame in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await _stream.WriteAsync(frame, cancellationToken);
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(Session.TimeoutMillis);
        var pingInterval = timeout / 3;
        var readTimeout = timeout * 2 / 3;
        var lastPing = _timeProvider.GetTimestamp();
        var ping = RequestFrame.Build(new EmptyRequest(OpCode.Ping), Xid.Ping);
        while (true)
        {
            var silence = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastReceived));
            if (silence >= readTimeout)
            {
                throw new TimeoutException($"no answer from the server for {silence.TotalSeconds:0.#} s");
            }

            var untilPing = pingInterval - _timeProvider.GetElapsedTime(lastPing);
            if (untilPing <= TimeSpan.Zero)
            {
                _outgoing.Writer.TryWrite(ping);
                lastPing = _timeProvider.GetTimestamp();
                untilPing = pingInterval;
            }

            await Task.Delay(TimeSpan.FromTicks(Math.Min(untilPing.Ticks, (readTimeout - silence).Ticks)), _timeProvider, cancellationToken);
        }
    }

    private void Fail(string failure)
    {
        List<PendingRequest> abandoned;
        lock (_lock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
            abandoned = [.. _pending];
            _pending.Clear();
            _outgoing.Writer.TryComplete();
        }

        _stream.Dispose();
        foreach (var pending in abandoned)
        {
            pending.Reply.TrySetResult(Lost(failure));
        }
    }

    private sealed class PendingRequest(int xid, Action<int>? onReply)
    {
        public int Xid { get; } = xid;

        public Action<int>? OnReply { get; } = onReply;

        public TaskCompletionSource<ZooKeeperReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
