using System.Net;

namespace Nvr.Rtsp.Client;

/// <summary>One bound UDP socket carrying RTP or RTCP for a track.</summary>
public interface IRtpUdpSocket : IDisposable
{
    int LocalPort { get; }

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/>. The returned source end point may be
    /// the same instance for consecutive datagrams from the same peer (no per-packet allocation).
    /// </summary>
    ValueTask<RtpUdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken);
}
