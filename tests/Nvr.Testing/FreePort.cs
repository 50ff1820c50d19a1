using System.Net;
using System.Net.Sockets;

namespace Nvr.Testing;

/// <summary>
/// Ports that were free a moment ago: bind port 0, read what the kernel chose, release it.
/// Another process can take the port before the caller binds it, so fixtures that use these
/// retry with a fresh port when their server reports "address in use".
/// </summary>
public static class FreePort
{
    /// <summary>A TCP port free on <paramref name="address"/> (loopback by default).</summary>
    public static int Tcp(IPAddress? address = null)
    {
        var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>A UDP port free on <paramref name="address"/> (loopback by default).</summary>
    public static int Udp(IPAddress? address = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address ?? IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
