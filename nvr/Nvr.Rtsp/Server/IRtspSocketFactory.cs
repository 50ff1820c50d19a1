using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Creates the server's sockets (the TCP listener, UDP and multicast senders); the server binds
/// and configures them. The default calls <c>new Socket(...)</c>; a test can create them in
/// another network namespace (Linux binds a socket to the namespace of the thread that creates it).
/// </summary>
public interface IRtspSocketFactory
{
    Socket Create(AddressFamily family, SocketType type, ProtocolType protocol);
}
