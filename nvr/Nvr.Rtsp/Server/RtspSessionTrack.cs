using System.Net;
using System.Net.Sockets;
using Nvr.Media;

namespace Nvr.Rtsp.Server;

/// <summary>One track a session has set up, with its transport parameters.</summary>
internal sealed class RtspSessionTrack
{
    public RtspSessionTrack(TrackDescription track, int payloadType)
    {
        Track = track;
        PayloadType = payloadType;
    }

    public TrackDescription Track { get; }
    public int PayloadType { get; }

    /// <summary>Interleaved channels (TCP).</summary>
    public byte RtpChannel { get; init; }
    public byte RtcpChannel { get; init; }

    /// <summary>UDP unicast: our socket pair and the client's ports.</summary>
    public Socket? RtpSocket { get; init; }
    public Socket? RtcpSocket { get; init; }
    public IPEndPoint? ClientRtp { get; init; }
    public IPEndPoint? ClientRtcp { get; init; }

    /// <summary>Multicast: the group of this track.</summary>
    public MulticastTrack? Group { get; init; }
}
