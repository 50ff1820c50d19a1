using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

/// <summary>Plain sockets in the process's own network namespace.</summary>
internal sealed class SystemRtspSocketFactory : IRtspSocketFactory
{
    public static readonly SystemRtspSocketFactory Instance = new();

    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol) => new(family, type, protocol);
}
