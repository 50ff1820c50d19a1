using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Media;
using Nvr.Rtsp.Auth;
using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>
/// The live RTSP server (RFC 2326, RTSP/1.0): every <see cref="IRtspMediaSource"/> the
/// <see cref="IRtspMediaResolver"/> knows is served over TCP (interleaved), UDP unicast and UDP
/// multicast, with Digest authentication and safe fan-out. Design: <c>nvr/design/rtsp-server.md</c>.
/// </summary>
/// <remarks>
/// Lifecycle: <see cref="StartAsync"/> binds the listener (so "ready" means "listening"),
/// <see cref="RunAsync"/> accepts connections and runs the housekeeping (timeouts, drop reports)
/// until cancelled or <see cref="StopAsync"/>, then closes every session and connection.
/// <see cref="ServeConnectionAsync"/> serves any <see cref="IDuplexPipe"/> (tests use in-memory
/// pipes). A slow or dead viewer costs only its own bounded queue: its reader drops to a keyframe
/// resync, and a transport that accepts nothing for the write timeout is closed.
/// </remarks>
public sealed partial class RtspServer : IAsyncDisposable
{
    internal const string ServerName = "Nvr";

    /// <summary>Housekeeping cadence: the precision of every timeout.</summary>
    internal static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RtspServerSession> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<RtspServerConnection> _connections = [];
    private readonly Dictionary<IPAddress, int> _connectionsPerAddress = [];
    private readonly Dictionary<IPAddress, int> _sessionsPerAddress = [];
    private readonly List<Task> _accepted = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private int _running;

    private long _sessionsOpened;
    private long _sessionsClosed;
    private long _bytesClosed;
    private long _droppedClosed;
    private long _writeTimeouts;
    private long _sessionTimeouts;
    private long _authFailures;
    private long _authThrottled;
    private long _connectionsRejected;
    private long _sessionsRejected;
    private long _malformed;

    public RtspServer(
        RtspServerOptions options,
        IRtspMediaResolver resolver,
        IRtspUserStore? users = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IRtspSocketFactory? socketFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        options.Validate();
        Options = options;
        Resolver = resolver;
        Time = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        Sockets = socketFactory ?? SystemRtspSocketFactory.Instance;
        Authenticator = new DigestAuthenticator(options.AuthPolicy, users, Time);
        Payloads = new RtpPayloadCache(options.MaxRtpPayloadSize);
        Multicast = new RtspMulticastManager(this);
        SdpSessionId = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    }

    public RtspServerOptions Options { get; }

    /// <summary>The bound listener's address (with the real port when <see cref="RtspServerOptions.Port"/> is 0); null before <see cref="StartAsync"/>.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    internal IRtspMediaResolver Resolver { get; }
    internal TimeProvider Time { get; }
    internal ILogger Logger { get; }
    internal IRtspSocketFactory Sockets { get; }
    internal DigestAuthenticator Authenticator { get; }
    internal RtpPayloadCache Payloads { get; }
    internal RtspMulticastManager Multicast { get; }
    internal ulong SdpSessionId { get; }
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// Binds the listener on <see cref="RtspServerOptions.Address"/>:<see cref="RtspServerOptions.Port"/>.
    /// Throws <see cref="SocketException"/> when the address cannot be bound (port in use).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_listener is not null) throw new InvalidOperationException("already started");
        var address = IPAddress.Parse(Options.Address);
        var socket = Sockets.Create(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
            // Restarts must not wait for TIME_WAIT connections of the previous process.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, Options.Port));
            socket.Listen(Options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _listener = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RtspServerLog.Listening(Logger, LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Accepts connections (if started) and runs the housekeeping until
    /// <paramref name="cancellationToken"/> fires or <see cref="StopAsync"/> is called; then closes
    /// every session and connection and returns.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0) throw new InvalidOperationException("already running");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            var loops = new List<Task> { HousekeepingAsync(linked.Token) };
            if (_listener is not null) loops.Add(AcceptAsync(_listener, linked.Token));
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
            _stopped.TrySetResult();
        }
    }

    /// <summary>Stops <see cref="RunAsync"/> and waits for it to finish closing everything.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _running) != 0) await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        else await ShutdownAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _listener?.Dispose();
    }

    /// <summary>
    /// Serves one client connection over <paramref name="transport"/> until the client leaves, the
    /// connection is aborted, or <paramref name="cancellationToken"/> fires. Completes both pipes
    /// when done. Connections over the limits are closed at once.
    /// </summary>
    public async Task ServeConnectionAsync(IDuplexPipe transport, IPEndPoint? remoteEndPoint, IPEndPoint? localEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var connection = new RtspServerConnection(this, transport, remoteEndPoint, localEndPoint);
        if (!TryAdmit(connection, out var refusal))
        {
            Interlocked.Increment(ref _connectionsRejected);
            RtspServerLog.ConnectionRefused(Logger, remoteEndPoint, refusal);
            await transport.Input.CompleteAsync().ConfigureAwait(false);
            await transport.Output.CompleteAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            using var stop = cancellationToken.Register(static c => ((RtspServerConnection)c!).Abort(RtspSessionCloseReason.ServerStopped), connection);
            using var stopping = _stopping.Token.Register(static c => ((RtspServerConnection)c!).Abort(RtspSessionCloseReason.ServerStopped), connection);
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(connection);
                Decrement(_connectionsPerAddress, connection.RemoteAddress);
            }
        }
    }

    /// <summary>A snapshot of the open sessions.</summary>
    public IReadOnlyList<RtspSessionStatistics> GetSessions()
    {
        RtspServerSession[] sessions;
        lock (_lock) sessions = [.. _sessions.Values];
        var list = new List<RtspSessionStatistics>(sessions.Length);
        foreach (var s in sessions) list.Add(s.GetStatistics());
        return list;
    }

    public RtspServerStatistics GetStatistics()
    {
        var sessions = GetSessions();
        int connections;
        lock (_lock) connections = _connections.Count;
        long bytes = Interlocked.Read(ref _bytesClosed), dropped = Interlocked.Read(ref _droppedClosed);
        foreach (var s in sessions)
        {
            if (s.Transport != RtspSessionTransport.Multicast) bytes += s.BytesSent;
            dropped += s.UnitsDropped;
        }
        return new RtspServerStatistics
        {
            Connections = connections,
            Sessions = sessions.Count,
            SessionsOpened = Interlocked.Read(ref _sessionsOpened),
            SessionsClosed = Interlocked.Read(ref _sessionsClosed),
            BytesSent = bytes,
            UnitsDropped = dropped,
            WriteTimeouts = Interlocked.Read(ref _writeTimeouts),
            SessionTimeouts = Interlocked.Read(ref _sessionTimeouts),
            AuthFailures = Interlocked.Read(ref _authFailures),
            AuthThrottled = Interlocked.Read(ref _authThrottled),
            ConnectionsRejected = Interlocked.Read(ref _connectionsRejected),
            SessionsRejected = Interlocked.Read(ref _sessionsRejected),
            MalformedRequests = Interlocked.Read(ref _malformed),
            SessionList = sessions,
        };
    }

    /// <summary>The tracks of <paramref name="description"/> this server can packetize, in order (SDP and payload types follow it).</summary>
    internal static IReadOnlyList<TrackDescription> Servable(StreamDescription description)
    {
        var list = new List<TrackDescription>(description.Tracks.Count);
        foreach (var t in description.Tracks)
        {
            if (RtpPayloadCache.CanPacketize(t)) list.Add(t);
        }
        return list;
    }

    /// <summary>
    /// Whether units of <paramref name="current"/> can still be sent under the SDP of
    /// <paramref name="announced"/>: every announced track still there with the same codec and
    /// clock (and, for AAC, the same config, which only the SDP carries). New H.264/H.265
    /// parameter sets are fine: they go in-band before each keyframe.
    /// </summary>
    internal static bool IsCompatible(StreamDescription announced, StreamDescription current)
    {
        foreach (var a in announced.Tracks)
        {
            if (!RtpPayloadCache.CanPacketize(a)) continue;
            var c = current.Track(a.Id);
            if (c is null || c.Codec != a.Codec || c.ClockRate != a.ClockRate) return false;
            if (a.Codec == MediaCodec.Aac && !(c.AudioSpecificConfig ?? []).AsSpan().SequenceEqual(a.AudioSpecificConfig)) return false;
            if (a.Codec is MediaCodec.Pcma or MediaCodec.Pcmu && Math.Max(1, a.Channels) != Math.Max(1, c.Channels)) return false;
        }
        return true;
    }

    internal RtpStreamer CreateStreamer(RtpSink sink, RtpTrackSender[] senders, StreamDescription description, string cname) =>
        new(sink, senders, description, Payloads, Time, Options.SenderReportInterval, cname, IsCompatible);

    internal FeedReaderOptions ReaderOptionsFor(string name)
    {
        var o = Options.ReaderOptions;
        return new FeedReaderOptions
        {
            MaxUnits = o.MaxUnits,
            MaxBytes = o.MaxBytes,
            LowWaterPercent = o.LowWaterPercent,
            StartMode = o.StartMode,
            Tracks = o.Tracks,
            OverflowPolicy = o.OverflowPolicy,
            Name = name,
        };
    }

    internal RtspServerSession? FindSession(string id)
    {
        lock (_lock) return _sessions.TryGetValue(id, out var s) ? s : null;
    }

    /// <summary>Creates and registers a session, or null when a session limit is reached.</summary>
    internal RtspServerSession? TryCreateSession(RtspRequestTarget target, IRtspMediaSource source, StreamDescription description, IReadOnlyList<TrackDescription> served, RtspServerConnection connection, string? user)
    {
        lock (_lock)
        {
            _sessionsPerAddress.TryGetValue(connection.RemoteAddress, out int perAddress);
            if (_sessions.Count >= Options.MaxSessions || perAddress >= Options.MaxSessionsPerAddress)
            {
                Interlocked.Increment(ref _sessionsRejected);
                return null;
            }
            string id;
            do id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            while (_sessions.ContainsKey(id));
            var session = new RtspServerSession(this, id, target, source, description, served, connection, user);
            _sessions[id] = session;
            _sessionsPerAddress[connection.RemoteAddress] = perAddress + 1;
            connection.AddSession(session);
            Interlocked.Increment(ref _sessionsOpened);
            return session;
        }
    }

    internal void OnSessionClosed(RtspServerSession session, RtspSessionCloseReason reason)
    {
        lock (_lock)
        {
            if (!_sessions.Remove(session.Id)) return;
            Decrement(_sessionsPerAddress, session.RemoteAddress);
        }
        session.Connection.RemoveSession(session);
        long bytes = session.Transport == RtspSessionTransport.Multicast ? 0 : session.BytesSent;
        long dropped = session.UnitsDropped;
        Interlocked.Add(ref _bytesClosed, bytes);
        Interlocked.Add(ref _droppedClosed, dropped);
        Interlocked.Increment(ref _sessionsClosed);
        if (reason == RtspSessionCloseReason.WriteTimeout) Interlocked.Increment(ref _writeTimeouts);
        if (reason == RtspSessionCloseReason.Timeout) Interlocked.Increment(ref _sessionTimeouts);
        RtspServerLog.SessionEnded(Logger, session.Id, reason, session.RemoteEndPoint, session.Path, bytes, dropped);
    }

    internal void OnSessionPlaying(RtspServerSession session) =>
        RtspServerLog.SessionStarted(Logger, session.Id, session.RemoteEndPoint, session.Path, session.Transport ?? RtspSessionTransport.Tcp, session.UserName ?? "anonymous");

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);
    internal void CountThrottled() => Interlocked.Increment(ref _authThrottled);
    internal void CountAuthFailure() => Interlocked.Increment(ref _authFailures);

    /// <summary>An RTP socket on an even port and the RTCP socket on the next (RFC 3550 §11), or nulls.</summary>
    internal (Socket? Rtp, Socket? Rtcp) BindUdpPair(AddressFamily family)
    {
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            Socket? rtp = null, rtcp = null;
            try
            {
                rtp = Sockets.Create(family, SocketType.Dgram, ProtocolType.Udp);
                rtp.Bind(new IPEndPoint(any, 0));
                int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 != 0 || port == 65535)
                {
                    rtp.Dispose();
                    continue;
                }
                rtcp = Sockets.Create(family, SocketType.Dgram, ProtocolType.Udp);
                rtcp.Bind(new IPEndPoint(any, port + 1));
                return (rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
            }
        }
        return (null, null);
    }

    private bool TryAdmit(RtspServerConnection connection, out string refusal)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                refusal = "server stopping";
                return false;
            }
            if (_connections.Count >= Options.MaxConnections)
            {
                refusal = $"{Options.MaxConnections} connections open (MaxConnections)";
                return false;
            }
            _connectionsPerAddress.TryGetValue(connection.RemoteAddress, out int perAddress);
            if (perAddress >= Options.MaxConnectionsPerAddress)
            {
                refusal = $"{perAddress} connections from this address (MaxConnectionsPerAddress)";
                return false;
            }
            _connections.Add(connection);
            _connectionsPerAddress[connection.RemoteAddress] = perAddress + 1;
            refusal = "";
            return true;
        }
    }

    private static void Decrement(Dictionary<IPAddress, int> counts, IPAddress address)
    {
        if (!counts.TryGetValue(address, out int n)) return;
        if (n <= 1) counts.Remove(address);
        else counts[address] = n - 1;
    }
}
