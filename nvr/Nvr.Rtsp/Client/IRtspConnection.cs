using System.IO.Pipelines;
using System.Net;

namespace Nvr.Rtsp.Client;

/// <summary>An open control connection to an RTSP server.</summary>
public interface IRtspConnection : IAsyncDisposable
{
    IDuplexPipe Transport { get; }
    /// <summary>The server's address, used as the UDP peer; null for in-memory connections.</summary>
    IPEndPoint? RemoteEndPoint { get; }
    /// <summary>Our address on the connection; picks the UDP address family and multicast interface.</summary>
    IPEndPoint? LocalEndPoint { get; }
}
