using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

/// <summary>One track of a <see cref="MulticastStream"/>: its group, port pair and sending socket.</summary>
internal sealed record MulticastTrack(int TrackId, IPAddress Group, int RtpPort, int RtcpPort, int Ttl, Socket Socket)
{
    /// <summary>Offset of <see cref="Group"/> in the configured range.</summary>
    public uint GroupIndex { get; init; }
}
