using System.Net;
using System.Net.Sockets;

namespace SentiMail.Testing;

/// <summary>Finds a loopback TCP port that nothing listens on (bind to port 0, read it, release it).</summary>
internal static class FreePort
{
    /// <summary>Returns a TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
