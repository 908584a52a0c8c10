using System.Net;
using System.Net.Sockets;

namespace DualRobot.TestSupport;

public static class Network
{
    /// <summary>A loopback TCP port that was free a moment ago (bound, read, released): nothing listens on it.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
