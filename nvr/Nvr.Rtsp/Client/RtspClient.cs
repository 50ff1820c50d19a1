using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Nvr.Media.Sdp;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Client;

/// <summary>
/// RTSP 1.0 client (RFC 2326) pulling a camera's stream: OPTIONS, DESCRIBE (with redirects),
/// SETUP per track over TCP-interleaved, UDP unicast or multicast, PLAY, keepalive, TEARDOWN.
/// Every RTP/RTCP packet goes to the <see cref="RtspPacketHandler"/> given at construction.
/// </summary>
/// <remarks>
/// Use: <c>await StartAsync(ct)</c> (or the steps one by one), read <see cref="Sdp"/>/<see cref="Tracks"/>,
/// then <c>await RunAsync(ct)</c> until cancelled; cancelling sends TEARDOWN. One instance serves one
/// session; dispose it afterwards. Errors are typed (<see cref="RtspAuthException"/>,
/// <see cref="RtspResponseException"/>, <see cref="RtspTimeoutException"/>, <see cref="RtspProtocolException"/>);
/// nothing is logged here — read <see cref="Counters"/>.
/// </remarks>
public sealed partial class RtspClient : IAsyncDisposable
{
    private readonly RtspClientOptions _options;
    private readonly RtspPacketHandler _handler;
    private readonly TimeProvider _time;
    private readonly RtspCredentials? _credentials;
    private readonly SemaphoreSlim _requestLock = new(1, 1);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _handlerGate = new();
    private readonly List<RtspTrack> _tracks = [];
    // channel → track index * 2 + (rtcp ? 1 : 0); -1 when unused.
    private readonly short[] _channelMap = new short[256];
    private readonly byte[] _scratch = new byte[65536];

    private RtspUrl _url;
    private RtspAuthenticator? _authenticator;
    private IRtspConnection? _connection;
    private int _cseq;
    private string? _baseUrl;
    private string? _sessionUrl;
    private bool _playing;
    private bool _running;
    private bool _getParameterUnsupported;

    public RtspClient(RtspClientOptions options, RtspPacketHandler handler)
    {
        _options = options;
        _handler = handler;
        _time = options.TimeProvider;
        _url = RtspUrl.Parse(options.Url);
        _credentials = options.Credentials
            ?? (_url.UserName is not null ? new RtspCredentials(_url.UserName, _url.Password ?? "") : null);
        Array.Fill(_channelMap, (short)-1);
    }

    public RtspClientCounters Counters { get; } = new();
    /// <summary>The URL requests go to (after redirects), without userinfo.</summary>
    public string Url => _url.ToString();
    /// <summary>Methods listed in the OPTIONS answer's Public header (upper-case); empty if none.</summary>
    public IReadOnlySet<string> ServerMethods { get; private set; } = new HashSet<string>();
    /// <summary>The Server header of the last answer that had one.</summary>
    public string? ServerName { get; private set; }
    /// <summary>The raw DESCRIBE body.</summary>
    public ReadOnlyMemory<byte> SdpBytes { get; private set; }
    /// <summary>The parsed DESCRIBE answer; null before <see cref="DescribeAsync"/>.</summary>
    public SdpSession? Sdp { get; private set; }
    /// <summary>The base for control URLs: Content-Base, else Content-Location, else the request URL (RFC 2326 C.1.1).</summary>
    public string? BaseUrl => _baseUrl;
    /// <summary>The tracks that were SETUP, in order.</summary>
    public IReadOnlyList<RtspTrack> Tracks => _tracks;
    /// <summary>Session id and timeout from the first SETUP answer.</summary>
    public RtspSessionHeader? Session { get; private set; }
    /// <summary>The PLAY answer's Range, if any.</summary>
    public RtspRange? PlayRange { get; private set; }
    /// <summary>The transport actually used.</summary>
    public RtspTransportMode Transport => _options.Transport;

    /// <summary>Connects (if needed), then OPTIONS, DESCRIBE, SETUP of the selected tracks and PLAY.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await DescribeAsync(cancellationToken).ConfigureAwait(false);
        await SetupAsync(cancellationToken).ConfigureAwait(false);
        await PlayAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the control connection and sends OPTIONS (its failure statuses are ignored; 401 is not).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var res = await SendAsync(new RtspRequest(RtspMethods.Options, _url.ToString()), cancellationToken).ConfigureAwait(false);
        if (IsSuccess(res)) ServerMethods = RtspPublicHeader.Parse(res.Headers["Public"]);
    }

    /// <summary>
    /// DESCRIBE with <c>Accept: application/sdp</c>; follows 301/302/303/305/307 (reconnecting to the
    /// new host) up to <see cref="RtspClientOptions.MaxRedirects"/> times.
    /// </summary>
    public async Task<SdpSession> DescribeAsync(CancellationToken cancellationToken)
    {
        if (_connection is null) await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        for (int redirects = 0; ; redirects++)
        {
            var req = new RtspRequest(RtspMethods.Describe, _url.ToString());
            req.Headers.Add("Accept", "application/sdp");
            var res = await SendAsync(req, cancellationToken).ConfigureAwait(false);
            if (res.StatusCode is 301 or 302 or 303 or 305 or 307 && res.Headers["Location"] is string location)
            {
                if (redirects >= _options.MaxRedirects)
                {
                    throw new RtspResponseException(RtspMethods.Describe, _url.ToString(), res.StatusCode, "too many redirects");
                }
                await RedirectAsync(location, cancellationToken).ConfigureAwait(false);
                continue;
            }
            EnsureSuccess(req, res);
            if (!SdpParser.TryParse(res.Body.Span, out var sdp, out var error))
            {
                throw new RtspProtocolException($"DESCRIBE {_url}: invalid SDP ({error})");
            }
            SdpBytes = res.Body;
            Sdp = sdp;
            string requestUrl = _url.ToString();
            string? contentBase = res.Headers["Content-Base"] ?? res.Headers["Content-Location"];
            _baseUrl = contentBase is null ? requestUrl : SdpControl.Resolve(requestUrl, contentBase);
            _sessionUrl = SdpControl.ResolveSession(_baseUrl, sdp);
            return sdp;
        }
    }

    /// <summary>The default track filter: video/audio with a known codec that is not an ONVIF audio back channel.</summary>
    public static bool DefaultTrackFilter(SdpSession session, SdpMedia media)
        => (media.IsVideo || media.IsAudio)
        && !IsBackChannel(session, media)
        && SdpTrackMapper.CodecOf(media) != Nvr.Media.MediaCodec.Unknown;

    /// <summary>
    /// ONVIF Streaming §5.3 back channel: ONVIF cameras mark the streams they send <c>a=recvonly</c> and the
    /// audio they would receive <c>a=sendonly</c> (Reolink, fixture reolink.sdp). A plain RFC 8866 server
    /// marks what it sends <c>a=sendonly</c>; so sendonly means "back channel" only when another section
    /// of the same SDP uses the ONVIF recvonly convention (go2rtc flips directions the same way).
    /// </summary>
    public static bool IsBackChannel(SdpSession session, SdpMedia media)
        => media.Direction == SdpDirection.SendOnly && session.Media.Any(m => m.Direction == SdpDirection.RecvOnly);

    /// <summary>SETUP of every media section accepted by the track filter, in SDP order.</summary>
    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        var sdp = Sdp ?? throw new InvalidOperationException("DESCRIBE first");
        var filter = _options.TrackFilter ?? DefaultTrackFilter;
        for (int i = 0; i < sdp.Media.Count; i++)
        {
            if (!filter(sdp, sdp.Media[i])) continue;
            var track = new RtspTrack(_tracks.Count, i, sdp.Media[i], SdpControl.ResolveMedia(_baseUrl!, sdp, sdp.Media[i]));
            try
            {
                await SetupTrackAsync(track, sdp, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                track.RtpSocket?.Dispose();
                track.RtcpSocket?.Dispose();
                throw;
            }
            _tracks.Add(track);
        }
        if (_tracks.Count == 0) throw new RtspProtocolException($"DESCRIBE {_url}: no track to set up");
    }

    /// <summary>PLAY on the aggregate URL (<c>Range: npt=0.000-</c> unless <paramref name="range"/> is given).</summary>
    public async Task PlayAsync(RtspRange? range, CancellationToken cancellationToken)
    {
        if (Session is null) throw new InvalidOperationException("SETUP first");
        var req = new RtspRequest(RtspMethods.Play, _sessionUrl!);
        req.Headers.Add("Range", (range ?? RtspRange.Npt(0)).ToString());
        var res = await SendAsync(req, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(req, res);
        if (RtspRange.TryParse(res.Headers["Range"], out var r)) PlayRange = r;
        var infos = RtpInfoEntry.ParseList(res.Headers["RTP-Info"]);
        foreach (var t in _tracks)
        {
            foreach (var info in infos)
            {
                if (UrlMatches(info.Url, t.ControlUrl)) t.RtpInfo = info;
            }
        }
        // A single entry with a URL we cannot match still belongs to the single track.
        if (_tracks.Count == 1 && infos.Count == 1) _tracks[0].RtpInfo ??= infos[0];
        _playing = true;
    }

    private static bool UrlMatches(string info, string control)
    {
        if (string.Equals(info, control, StringComparison.OrdinalIgnoreCase)) return true;
        // Relative or host-rewritten entries: compare the path tails.
        int q = control.IndexOf("://", StringComparison.Ordinal);
        string tail = q < 0 ? control : control[(control.IndexOf('/', q + 3) is int p && p > 0 ? p : control.Length)..];
        return tail.Length > 1 && (info.EndsWith(tail, StringComparison.OrdinalIgnoreCase) || tail.EndsWith("/" + info.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
    }

    private async Task OpenConnectionAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            _connection = await _options.ConnectionFactory.ConnectAsync(_url.Host, _url.Port, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RtspTimeoutException("CONNECT", _url.ToString(), _options.RequestTimeout);
        }
    }

    private async Task RedirectAsync(string location, CancellationToken cancellationToken)
    {
        string target = SdpControl.IsAbsolute(location) ? location : SdpControl.Resolve(_url.ToString(), location);
        if (!RtspUrl.TryParse(target, out var next))
        {
            throw new RtspProtocolException($"DESCRIBE {_url}: bad redirect location {RtspUrl.Redact(location)}");
        }
        bool sameServer = string.Equals(next.Host, _url.Host, StringComparison.OrdinalIgnoreCase) && next.Port == _url.Port;
        _url = next with { UserName = null, Password = null };
        if (next.UserName is not null)
        {
            _authenticator = new RtspAuthenticator(new RtspCredentials(next.UserName, next.Password ?? ""));
        }
        else if (!sameServer)
        {
            // Same credentials, fresh challenge from the new server.
            _authenticator = null;
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SetupTrackAsync(RtspTrack track, SdpSession sdp, CancellationToken cancellationToken)
    {
        var req = new RtspRequest(RtspMethods.Setup, track.ControlUrl);
        int channelBase = track.Index * 2;
        switch (_options.Transport)
        {
            case RtspTransportMode.Tcp:
                req.Headers.Add("Transport", $"RTP/AVP/TCP;unicast;interleaved={channelBase}-{channelBase + 1}");
                break;
            case RtspTransportMode.Udp:
                {
                    var family = _connection?.RemoteEndPoint?.AddressFamily ?? AddressFamily.InterNetwork;
                    (track.RtpSocket, track.RtcpSocket) = _options.UdpSocketFactory.BindUnicastPair(family);
                    req.Headers.Add("Transport", $"RTP/AVP;unicast;client_port={track.RtpSocket.LocalPort}-{track.RtcpSocket.LocalPort}");
                    break;
                }
            default:
                req.Headers.Add("Transport", "RTP/AVP;multicast");
                break;
        }
        var res = await SendAsync(req, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(req, res);
        if (Session is null)
        {
            if (!RtspSessionHeader.TryParse(res.Headers["Session"], out var session))
            {
                throw new RtspProtocolException($"SETUP {RtspUrl.Redact(track.ControlUrl)}: answer without a valid Session header");
            }
            Session = session;
        }
        var reply = RtspTransport.ParseList(res.Headers["Transport"]) is { Count: > 0 } list ? list[0] : null;
        track.Transport = reply;
        switch (_options.Transport)
        {
            case RtspTransportMode.Tcp:
                {
                    // The server may pick other channels than asked for (RFC 2326 §12.39); honour the answer.
                    var il = reply?.Interleaved ?? new RtspPortRange(channelBase, channelBase + 1);
                    if (reply is not null && !reply.IsTcp)
                    {
                        throw new RtspProtocolException($"SETUP {RtspUrl.Redact(track.ControlUrl)}: asked for TCP, answered {reply}");
                    }
                    MapChannel(il.First, track.Index * 2);
                    MapChannel(il.Second, track.Index * 2 + 1);
                    track.RtpChannel = il.First;
                    track.RtcpChannel = il.Second;
                    break;
                }
            case RtspTransportMode.Udp:
                {
                    var server = ServerAddress(reply);
                    track.ExpectedSource = server;
                    if (server is not null && reply?.ServerPort is { } sp)
                    {
                        track.ServerRtp = new IPEndPoint(server, sp.First);
                        track.ServerRtcp = new IPEndPoint(server, sp.Second);
                    }
                    break;
                }
            default:
                {
                    var connection = sdp.ConnectionFor(track.Media);
                    string? groupText = reply?.Destination ?? (connection?.IsMulticast == true ? connection.Address : null);
                    var ports = reply?.Port ?? (track.Media.Port > 0 ? new RtspPortRange(track.Media.Port, track.Media.Port + 1) : (RtspPortRange?)null);
                    if (groupText is null || !IPAddress.TryParse(groupText, out var group) || ports is null)
                    {
                        throw new RtspProtocolException($"SETUP {RtspUrl.Redact(track.ControlUrl)}: multicast answer without group or port");
                    }
                    (track.RtpSocket, track.RtcpSocket) = _options.UdpSocketFactory.JoinMulticast(group, ports.Value.First, ports.Value.Second, _connection?.LocalEndPoint?.Address);
                    track.ServerRtcp = new IPEndPoint(group, ports.Value.Second);
                    track.ExpectedSource = null; // any sender on the group
                    break;
                }
        }
    }

    private IPAddress? ServerAddress(RtspTransport? reply)
    {
        // The Transport "source" is where the server sends from (RFC 2326 §12.39); else the RTSP peer.
        if (reply?.Source is string s && IPAddress.TryParse(s, out var src)) return src;
        return _connection?.RemoteEndPoint?.Address;
    }

    private void MapChannel(int channel, int value)
    {
        if (channel is >= 0 and < 256) _channelMap[channel] = (short)value;
    }

    private static bool IsSuccess(RtspResponse r) => r.StatusCode is >= 200 and < 300;

    private static void EnsureSuccess(RtspRequest req, RtspResponse res)
    {
        if (!IsSuccess(res)) throw new RtspResponseException(req.Method, req.Uri, res.StatusCode, res.Reason);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var t in _tracks)
        {
            t.RtpSocket?.Dispose();
            t.RtcpSocket?.Dispose();
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
        _requestLock.Dispose();
        _writeLock.Dispose();
    }
}
