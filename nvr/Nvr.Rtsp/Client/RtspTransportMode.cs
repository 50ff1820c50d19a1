namespace Nvr.Rtsp.Client;

/// <summary>How RTP is carried (RFC 2326 §10.12, §12.39). "Auto" (UDP, then TCP on silence) is the supervisor's job.</summary>
public enum RtspTransportMode
{
    /// <summary>Interleaved on the RTSP connection (RTP/AVP/TCP).</summary>
    Tcp,
    /// <summary>Unicast UDP to client-bound ports (RTP/AVP;unicast;client_port).</summary>
    Udp,
    /// <summary>UDP multicast to the group given by the server (RTP/AVP;multicast).</summary>
    Multicast,
}
