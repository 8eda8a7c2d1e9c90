using System.Net;
using System.Net.Sockets;

namespace Realtime.Testing;

/// <summary>Loopback TCP ports for test servers.</summary>
internal static class LoopbackPorts
{
    /// <summary>A loopback port that nothing listens on, at least at the moment of the call.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
