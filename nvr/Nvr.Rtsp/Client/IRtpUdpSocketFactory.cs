using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Client;

/// <summary>Creates the UDP sockets for RTP/RTCP (real sockets by default; fakes in tests).</summary>
public interface IRtpUdpSocketFactory
{
    /// <summary>Binds an RTP socket on an even port and the RTCP socket on the next (odd) one (RFC 3550 §11).</summary>
    (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) BindUnicastPair(AddressFamily family);

    /// <summary>Binds to the group's ports and joins <paramref name="group"/> (RFC 2326 §12.39 multicast).</summary>
    (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) JoinMulticast(IPAddress group, int rtpPort, int rtcpPort, IPAddress? localInterface);
}
