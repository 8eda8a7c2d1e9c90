using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Realtime.Core.Tests.Plugins;
using Realtime.Core.ZooKeeper;
using static Realtime.Core.Tests.ZooKeeper.ZooKeeperTestKit;

namespace Realtime.Core.Tests.ZooKeeper;

/// <summary>
/// The client's side of the wire protocol where a real server cannot be made to misbehave on cue: a fake server that
/// accepts the session and then drops the connection or stops answering.
/// </summary>
public class ZooKeeperProtocolTests
{
    private const long FakeSessionId = 0x1234abcd;

    [Test]
    public void JuteRecordsReadBackAsWritten()
    {
        var writer = new JuteWriter();
        writer.WriteInt(-7);
        writer.WriteLong(long.MinValue + 1);
        writer.WriteBool(true);
        writer.WriteBuffer([1, 2, 3]);
        writer.WriteString("zñode");
        writer.WriteStrings(["a", "bc"]);
        var frame = writer.ToFrame();

        Assert.That(BinaryPrimitives.ReadInt32BigEndian(frame), Is.EqualTo(frame.Length - 4));
        var reader = new JuteReader(frame.AsMemory(4));
        Assert.That(reader.ReadInt(), Is.EqualTo(-7));
        Assert.That(reader.ReadLong(), Is.EqualTo(long.MinValue + 1));
        Assert.That(reader.ReadBool(), Is.True);
        Assert.That(reader.ReadBuffer(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(reader.ReadString(), Is.EqualTo("zñode"));
        Assert.That(reader.ReadStrings(), Is.EqualTo(new[] { "a", "bc" }));
        Assert.That(reader.Remaining, Is.Zero);
        Assert.Throws<InvalidDataException>(() => reader.ReadInt());
    }

    [Test]
    public async Task AnOperationInFlightWhenTheConnectionDropsFailsWithConnectionLoss()
    {
        using var listener = Listen();
        var hosts = HostsOf(listener);
        await using var client = new ZooKeeperClient(hosts, TimeSpan.FromSeconds(10), new RecordingLogger<ZooKeeperClient>());
        Task<byte[]?> reading;
        using (var server = await AcceptSessionAsync(listener, timeoutMillis: 10_000))
        {
            await client.WaitConnectedAsync(Timeout());
            reading = client.GetDataAsync("/in/flight", null, Timeout());
            var request = await ReadFrameAsync(server);
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4)), Is.EqualTo(4), "the getData operation code");
            Assert.That(reading.IsCompleted, Is.False);
        }

        var failure = Assert.ThrowsAsync<ZooKeeperException>(() => reading);

        Assert.That(failure!.Error, Is.EqualTo(ZooKeeperError.ConnectionLoss));
        Assert.That(failure.Message, Does.Contain("getData").And.Contain("/in/flight").And.Contain(hosts));
    }

    [Test]
    public async Task AServerThatStopsAnsweringPingsCountsAsALostConnection()
    {
        using var listener = Listen();
        var log = new RecordingLogger<ZooKeeperClient>();
        await using var client = new ZooKeeperClient(HostsOf(listener), TimeSpan.FromSeconds(3), log);
        using var server = await AcceptSessionAsync(listener, timeoutMillis: 1500);
        await client.WaitConnectedAsync(Timeout());
        var states = new StateRecorder(client);

        var ping = await ReadFrameAsync(server);

        Assert.That(BinaryPrimitives.ReadInt32BigEndian(ping), Is.EqualTo(-2), "the ping xid");
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(ping.AsSpan(4)), Is.EqualTo(11), "the ping operation code");
        await states.WaitForAsync(ZooKeeperState.Disconnected);
        Assert.That(log.Messages(), Has.Some.Contains("no answer from the server"));
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static string HostsOf(TcpListener listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Accepts a connection, reads its connect request and grants session <see cref="FakeSessionId"/>.</summary>
    private static async Task<Socket> AcceptSessionAsync(TcpListener listener, int timeoutMillis)
    {
        var socket = await listener.AcceptSocketAsync(Timeout());
        var connect = new JuteReader(await ReadFrameAsync(socket));
        Assert.That(connect.ReadInt(), Is.Zero, "the protocol version");
        connect.ReadLong();
        Assert.That(connect.ReadInt(), Is.GreaterThan(0), "the session timeout asked for");
        Assert.That(connect.ReadLong(), Is.Zero, "a new session is asked for");
        var response = new JuteWriter();
        response.WriteInt(0);
        response.WriteInt(timeoutMillis);
        response.WriteLong(FakeSessionId);
        response.WriteBuffer(new byte[16]);
        response.WriteBool(false);
        await socket.SendAsync(response.ToFrame(), SocketFlags.None);
        return socket;
    }

    private static async Task<byte[]> ReadFrameAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, Timeout());
        var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        await stream.ReadExactlyAsync(payload, Timeout());
        return payload;
    }
}
