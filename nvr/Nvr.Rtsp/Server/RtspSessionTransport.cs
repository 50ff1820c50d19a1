namespace Nvr.Rtsp.Server;

/// <summary>How a session's RTP reaches its client (RFC 2326 §12.39).</summary>
public enum RtspSessionTransport
{
    /// <summary>Interleaved on the RTSP TCP connection (RFC 2326 §10.12).</summary>
    Tcp,
    /// <summary>UDP unicast to the client's port pairs.</summary>
    Udp,
    /// <summary>UDP multicast to a group shared by every multicast viewer of the path.</summary>
    Multicast,
}
