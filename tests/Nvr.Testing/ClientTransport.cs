namespace Nvr.Testing;

/// <summary>RTSP lower transport a client tool asks for (ffmpeg's <c>-rtsp_transport</c>).</summary>
public enum ClientTransport
{
    /// <summary>RTP interleaved in the RTSP TCP connection (RFC 2326 §10.12).</summary>
    Tcp,

    /// <summary>RTP over unicast UDP.</summary>
    Udp,

    /// <summary>RTP over multicast UDP.</summary>
    UdpMulticast,
}
