using System.Buffers.Binary;

namespace Realtime.Core.ZooKeeper;

/// <summary>The operation codes of ZooKeeper's <c>ZooDefs.OpCode</c> that the client sends.</summary>
internal static class OpCode
{
    public const int Create = 1;
    public const int Delete = 2;
    public const int Exists = 3;
    public const int GetData = 4;
    public const int SetData = 5;
    public const int Ping = 11;
    public const int GetChildren2 = 12;
    public const int CloseSession = -11;
    public const int Auth = 100;
    public const int SetWatches = 101;
}

/// <summary>The xids that ZooKeeper reserves for messages outside the request sequence.</summary>
internal static class Xid
{
    public const int Notification = -1;
    public const int Ping = -2;
    public const int Auth = -4;
    public const int SetWatches = -8;
}

/// <summary>A request's operation code and body (the jute record after the request header).</summary>
internal interface IZooKeeperRequest
{
    int OpCode { get; }

    void WriteBody(JuteWriter writer);
}

/// <summary>Builds request frames: the header <c>{int xid, int type}</c> and the body.</summary>
internal static class RequestFrame
{
    private const int XidOffset = sizeof(int);

    public static byte[] Build(IZooKeeperRequest request, int xid)
    {
        var writer = new JuteWriter();
        writer.WriteInt(xid);
        writer.WriteInt(request.OpCode);
        request.WriteBody(writer);
        return writer.ToFrame();
    }

    /// <summary>Sets the xid of a frame built before its xid was known.</summary>
    public static void SetXid(byte[] frame, int xid) => BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(XidOffset), xid);
}

/// <summary>A request without a body (ping, closeSession).</summary>
internal sealed record EmptyRequest(int OpCode) : IZooKeeperRequest
{
    public void WriteBody(JuteWriter writer)
    {
    }
}

/// <summary>exists, getData and getChildren2: <c>{ustring path, boolean watch}</c>.</summary>
internal sealed record PathRequest(int OpCode, string Path, bool Watch) : IZooKeeperRequest
{
    public void WriteBody(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBool(Watch);
    }
}

/// <summary>
/// create: <c>{ustring path, buffer data, vector&lt;ACL&gt; acl, int flags}</c> with one ACL of all permissions: for
/// everyone (<c>world:anyone</c>), or, with <paramref name="CreatorOnly"/>, for the identities the session authenticated
/// as (<c>auth:</c>, ZooKeeper's <c>CREATOR_ALL_ACL</c>).
/// </summary>
internal sealed record CreateRequest(string Path, ReadOnlyMemory<byte> Data, ZNodeMode Mode, bool CreatorOnly) : IZooKeeperRequest
{
    private const int AllPermissions = 31;

    public int OpCode => ZooKeeper.OpCode.Create;

    public void WriteBody(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data.Span);
        writer.WriteInt(1);
        writer.WriteInt(AllPermissions);
        writer.WriteString(CreatorOnly ? "auth" : "world");
        writer.WriteString(CreatorOnly ? "" : "anyone");
        writer.WriteInt((int)Mode);
    }
}

/// <summary>auth (ZooKeeper's <c>addauth</c>): <c>{int type, ustring scheme, buffer auth}</c>, sent with xid <see cref="Xid.Auth"/>.</summary>
internal sealed record AuthRequest(string Scheme, byte[] Auth) : IZooKeeperRequest
{
    public int OpCode => ZooKeeper.OpCode.Auth;

    public void WriteBody(JuteWriter writer)
    {
        writer.WriteInt(0);
        writer.WriteString(Scheme);
        writer.WriteBuffer(Auth);
    }
}

/// <summary>setData: <c>{ustring path, buffer data, int version}</c>, whatever the znode's version.</summary>
internal sealed record SetDataRequest(string Path, ReadOnlyMemory<byte> Data) : IZooKeeperRequest
{
    public int OpCode => ZooKeeper.OpCode.SetData;

    public void WriteBody(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteBuffer(Data.Span);
        writer.WriteInt(-1);
    }
}

/// <summary>delete: <c>{ustring path, int version}</c>, whatever the znode's version.</summary>
internal sealed record DeleteRequest(string Path) : IZooKeeperRequest
{
    public int OpCode => ZooKeeper.OpCode.Delete;

    public void WriteBody(JuteWriter writer)
    {
        writer.WriteString(Path);
        writer.WriteInt(-1);
    }
}

/// <summary>setWatches: re-arms a session's watches on a new connection, firing those whose znodes changed after <see cref="RelativeZxid"/>.</summary>
internal sealed record SetWatchesRequest(long RelativeZxid, IReadOnlyCollection<string> DataWatches, IReadOnlyCollection<string> ExistWatches, IReadOnlyCollection<string> ChildWatches)
    : IZooKeeperRequest
{
    public int OpCode => ZooKeeper.OpCode.SetWatches;

    public void WriteBody(JuteWriter writer)
    {
        writer.WriteLong(RelativeZxid);
        writer.WriteStrings(DataWatches);
        writer.WriteStrings(ExistWatches);
        writer.WriteStrings(ChildWatches);
    }
}

/// <summary>The first frame of a connection: <c>{int protocolVersion, long lastZxidSeen, int timeOut, long sessionId, buffer passwd, boolean readOnly}</c>.</summary>
/// <remarks>A <see cref="SessionId"/> of 0 asks for a new session; otherwise the connection attaches to that session.</remarks>
internal sealed record ConnectRequest(long LastZxidSeen, int TimeoutMillis, long SessionId, byte[] Password)
{
    public byte[] ToFrame()
    {
        var writer = new JuteWriter();
        writer.WriteInt(0);
        writer.WriteLong(LastZxidSeen);
        writer.WriteInt(TimeoutMillis);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        writer.WriteBool(false);
        return writer.ToFrame();
    }
}

/// <summary>The server's answer to <see cref="ConnectRequest"/>; a timeout of 0 or less means the session has expired.</summary>
internal sealed record ConnectResponse(int TimeoutMillis, long SessionId, byte[] Password)
{
    public bool SessionExpired => TimeoutMillis <= 0;

    public static ConnectResponse Read(JuteReader reader)
    {
        reader.ReadInt();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer() ?? [];
        return new ConnectResponse(timeout, sessionId, password);
    }
}

/// <summary>The header of every frame the server sends after the connect response: <c>{int xid, long zxid, int err}</c>.</summary>
internal readonly record struct ReplyHeader(int Xid, long Zxid, int Error)
{
    public static ReplyHeader Read(JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), reader.ReadInt());
}

/// <summary>A watch notification's body: <c>{int type, int state, ustring path}</c>.</summary>
internal readonly record struct WatcherEvent(int Type, int State, string Path)
{
    public static WatcherEvent Read(JuteReader reader) => new(reader.ReadInt(), reader.ReadInt(), reader.ReadString() ?? "");
}
