using Nvr.Media.Sdp;
using Nvr.Rtsp.Auth;

namespace Nvr.Rtsp.Client;

/// <summary>Options of one <see cref="RtspClient"/>.</summary>
public sealed record RtspClientOptions
{
    /// <summary>rtsp:// URL; may carry <c>user:password@</c> (taken out before anything is sent or shown).</summary>
    public required string Url { get; init; }
    /// <summary>Credentials; when set they win over the URL's userinfo.</summary>
    public RtspCredentials? Credentials { get; init; }
    public RtspTransportMode Transport { get; init; } = RtspTransportMode.Tcp;
    /// <summary>Per request (and connect). 10 s: long enough for a loaded NVR's DESCRIBE, short enough for a supervisor retry.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long TEARDOWN may take on stop before the connection is just closed.</summary>
    public TimeSpan TeardownTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>3xx answers to DESCRIBE followed before failing (ffmpeg and gortsplib allow a handful).</summary>
    public int MaxRedirects { get; init; } = 5;
    /// <summary>Overrides the keepalive period; by default half the session timeout (RFC 2326 §12.37).</summary>
    public TimeSpan? KeepAliveInterval { get; init; }
    public string UserAgent { get; init; } = "Nvr/0.1";
    /// <summary>Which SDP media to SETUP; by default <see cref="RtspClient.DefaultTrackFilter"/>.</summary>
    public Func<SdpSession, SdpMedia, bool>? TrackFilter { get; init; }
    public IRtspConnectionFactory ConnectionFactory { get; init; } = TcpRtspConnectionFactory.Instance;
    public IRtpUdpSocketFactory UdpSocketFactory { get; init; } = SystemRtpUdpSocketFactory.Instance;
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    public RtspParserLimits Limits { get; init; } = RtspParserLimits.Default;
}
