using System.Net;
using Nvr.Media;
using Nvr.Media.Sdp;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Client;

/// <summary>A media section of the DESCRIBE answer that was SETUP by <see cref="RtspClient"/>.</summary>
public sealed class RtspTrack
{
    internal RtspTrack(int index, int mediaIndex, SdpMedia media, string controlUrl)
    {
        Index = index;
        MediaIndex = mediaIndex;
        Media = media;
        ControlUrl = controlUrl;
        Description = SdpTrackMapper.ToTrackDescription(media, index);
    }

    /// <summary>Position in <see cref="RtspClient.Tracks"/>; <see cref="RtspReceivedPacket.TrackIndex"/>.</summary>
    public int Index { get; }
    /// <summary>Position of the media section in the SDP.</summary>
    public int MediaIndex { get; }
    public SdpMedia Media { get; }
    /// <summary>Codec parameters from the SDP (Id = <see cref="Index"/>); null for codecs Nvr does not handle.</summary>
    public TrackDescription? Description { get; }
    /// <summary>The resolved SETUP URL.</summary>
    public string ControlUrl { get; }
    /// <summary>The payload type the SDP announced (the first of the m= line).</summary>
    public int PayloadType => Media.PayloadType;
    /// <summary>RTP clock rate from the rtpmap (or static payload type); 0 when unknown.</summary>
    public int ClockRate => Media.RtpMap?.ClockRate ?? 0;
    /// <summary>The server's Transport answer to SETUP.</summary>
    public RtspTransport? Transport { get; internal set; }
    /// <summary>The RTP-Info entry of the PLAY answer for this track, if any.</summary>
    public RtpInfoEntry? RtpInfo { get; internal set; }

    // TCP
    internal int RtpChannel = -1;
    internal int RtcpChannel = -1;
    // UDP
    internal IRtpUdpSocket? RtpSocket;
    internal IRtpUdpSocket? RtcpSocket;
    internal IPEndPoint? ServerRtp;
    internal IPEndPoint? ServerRtcp;
    internal IPAddress? ExpectedSource;
}
