namespace Nvr.Configuration;

/// <summary>
/// <c>Rtsp:Multicast</c>: the groups and ports handed to clients that ask for
/// <c>RTP/AVP;multicast</c> (RFC 2326 §12.39). One group and even/odd port pair per track of a
/// path, shared by every multicast viewer of it. Defaults: <see cref="Nvr.Rtsp.Server.RtspServerOptions"/>.
/// </summary>
public sealed class RtspMulticastSection
{
    /// <summary>Offer multicast at all. Nothing is sent until a client plays.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Groups as IPv4 CIDR. Default 239.255.42.0/24, inside the local scope 239.255.0.0/16 (RFC 2365 §6.1).</summary>
    public string Range { get; set; } = "239.255.42.0/24";

    /// <summary>First port (RTP even, RTCP odd). Default 18000, below Linux's ephemeral range.</summary>
    public int PortStart { get; set; } = 18000;

    /// <summary>Last port. Default 18999 (500 track pairs).</summary>
    public int PortEnd { get; set; } = 18999;

    /// <summary>IP TTL. Default 1: the local segment only.</summary>
    public int Ttl { get; set; } = 1;

    /// <summary>Local address whose interface sends; empty uses the address the client reached nvr on.</summary>
    public string? Interface { get; set; }
}
