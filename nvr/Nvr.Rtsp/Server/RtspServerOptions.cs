using Nvr.Rtsp.Auth;
using System.Net;
using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Options of the <see cref="RtspServer"/>. Every default says where it came from; the executable
/// maps its configuration (<c>Rtsp:Port</c>, users, limits) onto these and calls <see cref="Validate"/>.
/// </summary>
public sealed class RtspServerOptions
{
    public static RtspServerOptions Default { get; } = new();

    // ---- Listener ----------------------------------------------------------------------------

    /// <summary>Address to bind. Default every interface: the NVR is an appliance (DESIGN.md endpoints); tests use 127.0.0.1.</summary>
    public string Address { get; init; } = "0.0.0.0";

    /// <summary>TCP port. Default 8554 (DESIGN.md endpoint table; MediaMTX's and GStreamer's default too). 0 picks a free port.</summary>
    public int Port { get; init; } = 8554;

    /// <summary>Listen backlog. Default 128: Linux's historical SOMAXCONN; a burst of 100 viewers connecting at once fits.</summary>
    public int Backlog { get; init; } = 128;

    // ---- Sessions and time limits -------------------------------------------------------------

    /// <summary>
    /// A UDP or multicast session (or one not yet playing) that hears nothing (RTSP request or RTCP
    /// report) for this long is closed. Announced in the Session header. Default 60 s: the value RFC
    /// 2326 §12.37 assumes when none is announced, so every client's keepalive cadence fits.
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A session whose transport accepts nothing for this long is closed. Default 10 s (the issue).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed to complete a request once its first byte arrived (slowloris defence). Default
    /// 10 s: clients send a request in one write; nginx allows 60 s for HTTP headers, RTSP requests
    /// are far smaller.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long DESCRIBE waits for a configured camera that is not online yet. Default 5 s: a camera
    /// that is reconnecting comes back within ~2 s (ingest backoff caps refused connections at 1 s).
    /// </summary>
    public TimeSpan DescribeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest number of concurrent sessions. Default 200: 800 Mbit/s of 4 Mbit/s main streams, what a Raspberry Pi 4's gigabit port carries.</summary>
    public int MaxSessions { get; init; } = 200;

    /// <summary>Sessions per client address. Default 32: a 16-camera grid with main and sub streams, with room for its reconnects.</summary>
    public int MaxSessionsPerAddress { get; init; } = 32;

    /// <summary>Open TCP connections. Default 512: sessions plus probing/idle connections (each costs a socket and ~8 KiB of buffers).</summary>
    public int MaxConnections { get; init; } = 512;

    /// <summary>Open TCP connections per client address. Default 64: twice the session allowance (a client may probe while it plays).</summary>
    public int MaxConnectionsPerAddress { get; init; } = 64;

    /// <summary>
    /// Request bounds. Defaults: request line 2 KiB (a camera URL with a token query stays under
    /// 1 KiB), headers 8 KiB (Apache's LimitRequestFieldSize; a digest Authorization is ~400 bytes),
    /// 32 fields (real clients send under 10), body 4 KiB (GET/SET_PARAMETER bodies name a few parameters).
    /// </summary>
    public RtspParserLimits RequestLimits { get; init; } = new() { MaxStartLine = 2048, MaxHeaderBytes = 8 * 1024, MaxHeaders = 32, MaxBody = 4 * 1024 };

    /// <summary>
    /// Queue budget of each session's reader (the bounded write queue): units beyond it drop the
    /// session to a keyframe resync. Default: the Feed's live-viewer budget (512 units, 4 MiB ≈ 8 s).
    /// </summary>
    public FeedReaderOptions ReaderOptions { get; init; } = FeedReaderOptions.Default;

    /// <summary>
    /// Kernel send buffer of each TCP connection (SO_SNDBUF; Linux doubles it). Default 256 KiB: a
    /// 4 Mbit/s keyframe fits, yet a stalled viewer is noticed within seconds instead of after the
    /// several MiB autotuning would buffer. 0 leaves the kernel's autotuning on.
    /// </summary>
    public int SendBufferBytes { get; init; } = 256 * 1024;

    /// <summary>Largest RTP payload. Default 1200 bytes (the packetizers' default: IPv6 + tunnels under a 1500-byte MTU).</summary>
    public int MaxRtpPayloadSize { get; init; } = 1200;

    /// <summary>Interval of RTCP sender reports per track. Default 5 s: RFC 3550 §6.2's minimum interval.</summary>
    public TimeSpan SenderReportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sessions that dropped units are logged at most once per this interval. Default 10 s (fanout.md: "at most once per interval").</summary>
    public TimeSpan DropReportInterval { get; init; } = TimeSpan.FromSeconds(10);

    // ---- Authentication -----------------------------------------------------------------------

    /// <summary>Digest realm; user HA1 values are computed for it. Default "Nvr".</summary>
    public string Realm { get; init; } = "Nvr";

    /// <summary>Serve without credentials. Default false: anonymous access only if explicitly enabled (the issue).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Also accept Basic credentials (the password crosses the network in clear). Default false (the issue).</summary>
    public bool AllowBasic { get; init; }

    /// <summary>Age after which a nonce is answered with stale=true. Default 300 s (Apache's AuthDigestNonceLifetime).</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Wrong credentials from one address within <see cref="AuthFailureWindow"/> before it is blocked. Default 5 (fail2ban's maxretry).</summary>
    public int MaxAuthFailures { get; init; } = 5;

    /// <summary>Window in which failures are counted. Default 60 s.</summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a blocked address is answered 503 with Retry-After. Default 60 s: slows a guesser to 5 tries a minute.</summary>
    public TimeSpan AuthBlockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The authentication settings above, as the shared authenticator takes them.</summary>
    internal DigestAuthPolicy AuthPolicy => new(Realm, AllowAnonymous, AllowBasic, NonceLifetime, MaxAuthFailures, AuthFailureWindow, AuthBlockDuration);

    // ---- Multicast ----------------------------------------------------------------------------

    /// <summary>Offer multicast transport when a client asks for it. Default true (the issue); nothing is sent until a client plays.</summary>
    public bool MulticastEnabled { get; init; } = true;

    /// <summary>
    /// Groups handed out, one per track of a path, as CIDR. Default 239.255.42.0/24: inside the
    /// IPv4 local scope 239.255.0.0/16 (RFC 2365 §6.1), which routers do not forward off-site.
    /// </summary>
    public string MulticastAddressRange { get; init; } = "239.255.42.0/24";

    /// <summary>First port of the multicast port range (RTP even, RTCP odd). Default 18000: below Linux's ephemeral range 32768-60999.</summary>
    public int MulticastPortFirst { get; init; } = 18000;

    /// <summary>Last port of the multicast port range. Default 18999 (500 track pairs).</summary>
    public int MulticastPortLast { get; init; } = 18999;

    /// <summary>IP TTL of multicast packets. Default 1: the kernel's multicast default (RFC 1112 §6.1), stays on the local segment.</summary>
    public int MulticastTtl { get; init; } = 1;

    /// <summary>Local address whose interface sends multicast; null uses the address the first client reached the server on.</summary>
    public string? MulticastInterface { get; init; }

    /// <summary>Loop multicast back to this host (IP_MULTICAST_LOOP), so a viewer on the box itself receives it. Default true (the kernel default).</summary>
    public bool MulticastLoopback { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/>) for options that cannot work.</summary>
    public void Validate()
    {
        if (!IPAddress.TryParse(Address, out _)) throw new ArgumentException($"'{Address}' is not an IP address", nameof(Address));
        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "must be 0..65535");
        if (Backlog < 1) throw new ArgumentOutOfRangeException(nameof(Backlog), Backlog, "must be at least 1");
        Positive(SessionTimeout, nameof(SessionTimeout));
        Positive(WriteTimeout, nameof(WriteTimeout));
        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(DescribeTimeout, nameof(DescribeTimeout));
        Positive(SenderReportInterval, nameof(SenderReportInterval));
        Positive(DropReportInterval, nameof(DropReportInterval));
        Positive(NonceLifetime, nameof(NonceLifetime));
        Positive(AuthFailureWindow, nameof(AuthFailureWindow));
        Positive(AuthBlockDuration, nameof(AuthBlockDuration));
        if (SessionTimeout.TotalSeconds > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(SessionTimeout));
        AtLeast(MaxSessions, 1, nameof(MaxSessions));
        AtLeast(MaxSessionsPerAddress, 1, nameof(MaxSessionsPerAddress));
        AtLeast(MaxConnections, 1, nameof(MaxConnections));
        AtLeast(MaxConnectionsPerAddress, 1, nameof(MaxConnectionsPerAddress));
        AtLeast(MaxAuthFailures, 1, nameof(MaxAuthFailures));
        AtLeast(SendBufferBytes, 0, nameof(SendBufferBytes));
        if (MaxRtpPayloadSize is < 64 or > 65000) throw new ArgumentOutOfRangeException(nameof(MaxRtpPayloadSize), MaxRtpPayloadSize, "must be 64..65000");
        ArgumentNullException.ThrowIfNull(RequestLimits);
        ArgumentNullException.ThrowIfNull(ReaderOptions);
        ReaderOptions.Validate();
        if (string.IsNullOrEmpty(Realm) || Realm.AsSpan().IndexOfAny("\"\r\n\\") >= 0) throw new ArgumentException("realm must be non-empty without quotes, backslashes or line breaks", nameof(Realm));
        if (MulticastEnabled)
        {
            if (!MulticastRange.TryParse(MulticastAddressRange, out _)) throw new ArgumentException($"'{MulticastAddressRange}' is not an IPv4 multicast CIDR range (e.g. 239.255.42.0/24)", nameof(MulticastAddressRange));
            if (MulticastPortFirst is < 1024 or > 65534 || MulticastPortFirst % 2 != 0) throw new ArgumentOutOfRangeException(nameof(MulticastPortFirst), MulticastPortFirst, "must be even, 1024..65534");
            if (MulticastPortLast < MulticastPortFirst + 1 || MulticastPortLast > 65535) throw new ArgumentOutOfRangeException(nameof(MulticastPortLast), MulticastPortLast, "must be above MulticastPortFirst, at most 65535");
            if (MulticastTtl is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(MulticastTtl), MulticastTtl, "must be 1..255");
            if (MulticastInterface is not null && !IPAddress.TryParse(MulticastInterface, out _)) throw new ArgumentException($"'{MulticastInterface}' is not an IP address", nameof(MulticastInterface));
        }
    }

    internal int SessionTimeoutSeconds => (int)Math.Ceiling(SessionTimeout.TotalSeconds);

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, "must be positive");
    }

    private static void AtLeast(int value, int min, string name)
    {
        if (value < min) throw new ArgumentOutOfRangeException(name, value, $"must be at least {min}");
    }
}
