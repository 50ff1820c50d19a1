using System.Net;
using System.Net.Sockets;
using Nvr.Media;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Server;

/// <summary>
/// One RTSP session (RFC 2326 §12.37, Appendix A.2): the tracks a client set up and, while it
/// plays, a reader on the media and an <see cref="RtpStreamer"/> that sends it. The session never
/// knows where units come from (<see cref="IRtspMediaSource"/>).
/// </summary>
/// <remarks>
/// Lifetime: created by the first SETUP; closed by TEARDOWN, by the session timeout (UDP and
/// multicast sessions, and sessions not yet playing, must hear from their client — an RTSP request
/// naming them or an RTCP packet — every <see cref="RtspServerOptions.SessionTimeout"/>), by the
/// end of its connection (interleaved sessions), by a write timeout, or when the media ends.
/// An interleaved session that plays is kept alive by its connection: many clients send no
/// keepalive over TCP, and a dead one is caught by the write timeout instead.
/// </remarks>
internal sealed partial class RtspServerSession
{
    private readonly RtspServer _server;
    private readonly Lock _lock = new();
    private readonly List<RtspSessionTrack> _tracks = [];
    private readonly List<Task> _rtcpLoops = [];
    private readonly CancellationTokenSource _closed = new();

    private RtspSessionTransport? _transport;
    private RtspSessionState _state = RtspSessionState.Ready;
    private RtspSessionCloseReason _closeReason;
    private long _lastActivity;
    private RtpStreamer? _streamer;
    private IRtspMediaReader? _reader;
    private Task? _pump;
    private CancellationTokenSource? _stop;
    private MulticastStream? _multicast;
    private long _droppedBefore;
    private long _resyncsBefore;
    private long _lastDropReport;
    private bool _announced;

    public RtspServerSession(
        RtspServer server,
        string id,
        RtspRequestTarget target,
        IRtspMediaSource source,
        StreamDescription description,
        IReadOnlyList<TrackDescription> served,
        RtspServerConnection connection,
        string? userName)
    {
        _server = server;
        Id = id;
        Target = target;
        Source = source;
        Description = description;
        Served = served;
        Connection = connection;
        UserName = userName;
        RemoteEndPoint = connection.RemoteEndPoint;
        RemoteAddress = connection.RemoteAddress;
        StartedAt = server.Time.GetUtcNow();
        _lastActivity = server.Time.GetTimestamp();
        _lastDropReport = _lastActivity;
    }

    public string Id { get; }
    public RtspRequestTarget Target { get; }
    public string Path => Target.Path;
    public IRtspMediaSource Source { get; }
    /// <summary>The description the session was set up with (what the SDP announced).</summary>
    public StreamDescription Description { get; }
    /// <summary>The tracks this server can send, in SDP order (payload types follow this order).</summary>
    public IReadOnlyList<TrackDescription> Served { get; }
    /// <summary>The connection that created the session; it carries interleaved media.</summary>
    public RtspServerConnection Connection { get; }
    public string? UserName { get; }
    public IPEndPoint? RemoteEndPoint { get; }
    public IPAddress RemoteAddress { get; }
    public DateTimeOffset StartedAt { get; }

    public RtspSessionTransport? Transport
    {
        get { lock (_lock) return _transport; }
    }

    public RtspSessionState State
    {
        get { lock (_lock) return _state; }
    }

    public RtspSessionCloseReason CloseReason
    {
        get { lock (_lock) return _closeReason; }
    }

    public MulticastStream? Multicast
    {
        get { lock (_lock) return _multicast; }
    }

    public int TrackCount
    {
        get { lock (_lock) return _tracks.Count; }
    }

    /// <summary>An RTSP request or RTCP packet from the client: the session is alive.</summary>
    public void Touch() => Volatile.Write(ref _lastActivity, _server.Time.GetTimestamp());

    /// <summary>True when the client has been silent longer than the session timeout (see the class remarks).</summary>
    public bool IsTimedOut(long now)
    {
        lock (_lock)
        {
            if (_state == RtspSessionState.Closed) return false;
            if (_state == RtspSessionState.Playing && _transport == RtspSessionTransport.Tcp) return false;
        }
        return _server.Time.GetElapsedTime(Volatile.Read(ref _lastActivity), now) > _server.Options.SessionTimeout;
    }

    public bool HasTrack(int trackId)
    {
        lock (_lock) return _tracks.Exists(t => t.Track.Id == trackId);
    }

    /// <summary>Interleaved channels already taken by this session.</summary>
    public bool UsesChannel(int channel)
    {
        lock (_lock) return _tracks.Exists(t => _transport == RtspSessionTransport.Tcp && (t.RtpChannel == channel || t.RtcpChannel == channel));
    }

    /// <summary>
    /// Adds a set-up track. Returns null, or the status to answer: 455 while playing (this server
    /// does not change transports mid-stream), 461 when the transport differs from the session's
    /// other tracks, 459 when the track is already set up.
    /// </summary>
    public int? AddTrack(RtspSessionTrack track, RtspSessionTransport transport, MulticastStream? multicast = null)
    {
        lock (_lock)
        {
            if (_state != RtspSessionState.Ready || _streamer is not null) return 455;
            if (_transport is { } existing && existing != transport) return 461;
            if (_tracks.Exists(t => t.Track.Id == track.Track.Id)) return 459;
            _transport = transport;
            _tracks.Add(track);
            if (multicast is not null) _multicast = multicast;
            if (track.RtcpSocket is not null) _rtcpLoops.Add(ReceiveRtcpAsync(track.RtcpSocket, _closed.Token));
        }
        return null;
    }

    /// <summary>
    /// Builds the streamer on the first PLAY (unicast) and returns the RTP-Info entries (RFC 2326
    /// §12.33): per track, the sequence number of its first packet and the RTP timestamp of media
    /// time zero. Empty for multicast (the shared stream is already running).
    /// </summary>
    public IReadOnlyList<RtpInfoEntry> PrepareToPlay()
    {
        lock (_lock)
        {
            if (_transport == RtspSessionTransport.Multicast || _tracks.Count == 0) return [];
            _streamer ??= CreateStreamer();
            var entries = new List<RtpInfoEntry>(_tracks.Count);
            foreach (var sender in _streamer.Tracks) entries.Add(new RtpInfoEntry(Target.TrackUrl(sender.TrackId), sender.FirstSequence, sender.RtpBase));
            return entries;
        }
    }

    /// <summary>Starts sending (after the PLAY response went out). No-op unless ready.</summary>
    public void StartPlaying()
    {
        lock (_lock)
        {
            if (_state != RtspSessionState.Ready || _tracks.Count == 0) return;
            if (!_announced)
            {
                _announced = true;
                _server.OnSessionPlaying(this);
            }
            if (_transport == RtspSessionTransport.Multicast)
            {
                if (_multicast is null || !_multicast.StartPlaying(this)) return;
                _state = RtspSessionState.Playing;
                return;
            }
            _streamer ??= CreateStreamer();
            _state = RtspSessionState.Playing;
            _reader = Source.OpenReader(_server.ReaderOptionsFor($"rtsp {Id} {RemoteEndPoint}"));
            _stop = new CancellationTokenSource();
            _pump = PumpAsync(_streamer, _reader, _stop.Token);
        }
    }

    /// <summary>PAUSE (RFC 2326 §10.6): stops sending, keeps the session and its sequence numbers.</summary>
    public async Task PauseAsync()
    {
        Task? pump;
        MulticastStream? multicast;
        IRtspMediaReader? reader;
        lock (_lock)
        {
            if (_state != RtspSessionState.Playing) return;
            _state = RtspSessionState.Ready;
            pump = _pump;
            _pump = null;
            _stop?.Cancel();
            reader = _reader;
            _reader = null;
            multicast = _transport == RtspSessionTransport.Multicast ? _multicast : null;
        }
        if (pump is not null) await pump.ConfigureAwait(false);
        if (reader is not null) DisposeReader(reader);
        if (multicast is not null) await multicast.StopPlayingAsync(this).ConfigureAwait(false);
    }

    /// <summary>Ends the session (idempotent) and releases its reader, sockets and multicast reference.</summary>
    public Task CloseAsync(RtspSessionCloseReason reason) => CloseCoreAsync(reason, fromPump: false);

    /// <summary>RTCP from the client on an interleaved channel; false when the channel is not one of ours.</summary>
    public bool OnInterleavedRtcp(byte channel, ReadOnlySpan<byte> data)
    {
        RtpStreamer? streamer;
        lock (_lock)
        {
            if (!_tracks.Exists(t => t.RtcpChannel == channel)) return false;
            streamer = _streamer;
        }
        Touch();
        streamer?.OnRtcp(data);
        return true;
    }

    /// <summary>Logs drops of the reader at most once per <see cref="RtspServerOptions.DropReportInterval"/>.</summary>
    public void ReportDrops(long now)
    {
        if (_server.Time.GetElapsedTime(_lastDropReport, now) < _server.Options.DropReportInterval) return;
        _lastDropReport = now;
        IRtspMediaReader? reader;
        lock (_lock) reader = _reader;
        if (reader is null) return;
        var report = reader.TakeDropsSinceLastReport();
        if (!report.IsEmpty) RtspServerLog.SessionDrops(_server.Logger, Id, RemoteEndPoint, Path, report.Units, report.Resyncs);
    }

    private RtpStreamer CreateStreamer()
    {
        var senders = new RtpTrackSender[_tracks.Count];
        for (int i = 0; i < senders.Length; i++) senders[i] = new RtpTrackSender(i, _tracks[i].Track, _tracks[i].PayloadType, _tracks[i].Ssrc);
        RtpSink sink;
        if (_transport == RtspSessionTransport.Tcp)
        {
            sink = new InterleavedRtpSink(Connection, [.. _tracks.Select(t => t.RtpChannel)], [.. _tracks.Select(t => t.RtcpChannel)]);
        }
        else
        {
            var destinations = _tracks.Select(t => UdpRtpSink.Destination.Create(t.RtpSocket!, t.RtcpSocket!, t.ClientRtp!, t.ClientRtcp!)).ToArray();
            sink = new UdpRtpSink(destinations, _server.Options.MaxRtpPayloadSize);
        }
        return _server.CreateStreamer(sink, senders, Description, "nvr-" + Id);
    }

    private async Task PumpAsync(RtpStreamer streamer, IRtspMediaReader reader, CancellationToken cancellationToken)
    {
        await Task.Yield(); // never stream on the request loop's thread
        var reason = RtspSessionCloseReason.None;
        try
        {
            reason = await streamer.RunAsync(reader, cancellationToken).ConfigureAwait(false);
            if (reason is RtspSessionCloseReason.SourceEnded or RtspSessionCloseReason.SourceChanged)
            {
                await streamer.SendGoodbyeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // PAUSE or close: whoever cancelled cleans up
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            reason = RtspSessionCloseReason.TransportError;
        }
        catch (Exception e)
        {
            RtspServerLog.SessionFailed(_server.Logger, Id, RemoteEndPoint, e);
            reason = RtspSessionCloseReason.TransportError;
        }
        if (reason is RtspSessionCloseReason.ConnectionClosed or RtspSessionCloseReason.TransportError && Connection.CloseReason is { } why) reason = why;
        await CloseCoreAsync(reason, fromPump: true).ConfigureAwait(false);
    }

    private async Task ReceiveRtcpAsync(Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new byte[1500];
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                Touch();
                RtpStreamer? streamer;
                lock (_lock) streamer = _streamer;
                streamer?.OnRtcp(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Session closed (socket disposed) or the socket failed: the session timeout decides.
        }
    }

    private async Task CloseCoreAsync(RtspSessionCloseReason reason, bool fromPump)
    {
        Task? pump;
        IRtspMediaReader? reader;
        MulticastStream? multicast;
        RtspSessionTrack[] tracks;
        Task[] loops;
        lock (_lock)
        {
            if (_state == RtspSessionState.Closed) return;
            _state = RtspSessionState.Closed;
            _closeReason = reason;
            pump = fromPump ? null : _pump;
            _pump = null;
            _stop?.Cancel();
            reader = _reader;
            _reader = null;
            multicast = _multicast;
            tracks = [.. _tracks];
            loops = [.. _rtcpLoops];
        }
        _closed.Cancel();
        if (pump is not null)
        {
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                RtspServerLog.SessionFailed(_server.Logger, Id, RemoteEndPoint, e);
            }
        }
        if (reader is not null) DisposeReader(reader);
        if (multicast is not null) await _server.Multicast.LeaveAsync(multicast, this).ConfigureAwait(false);
        foreach (var t in tracks)
        {
            t.RtpSocket?.Dispose();
            t.RtcpSocket?.Dispose();
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        _server.OnSessionClosed(this, reason);
        // The media is gone for good, or the connection is useless: end the connection so the
        // client notices at once instead of waiting for its own timeout.
        if (_transport == RtspSessionTransport.Tcp && reason is RtspSessionCloseReason.SourceEnded or RtspSessionCloseReason.SourceChanged or RtspSessionCloseReason.WriteTimeout or RtspSessionCloseReason.TransportError)
        {
            Connection.Abort(reason);
        }
    }

    private void DisposeReader(IRtspMediaReader reader)
    {
        var stats = reader.GetStatistics();
        Interlocked.Add(ref _droppedBefore, stats.DroppedUnits);
        Interlocked.Add(ref _resyncsBefore, stats.Resyncs);
        reader.Dispose();
    }
}
