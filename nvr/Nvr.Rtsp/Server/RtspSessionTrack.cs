using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
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

    /// <summary>
    /// SSRC of this track's RTP stream, chosen at SETUP so the reply's Transport can name it
    /// (RFC 2326 §12.39 <c>ssrc</c>; clients such as rtspsrc use it to bind the stream before the
    /// first packet). Unused for multicast, whose group has its own sender.
    /// </summary>
    public uint Ssrc { get; } = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);

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
