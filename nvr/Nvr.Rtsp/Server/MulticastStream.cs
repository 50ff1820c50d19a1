using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Rtsp.Server;

/// <summary>
/// The one RTP stream of a path sent to multicast groups (RFC 2326 §12.39 "multicast"), shared by
/// every multicast session of that path: one reader, one packetization, one send per packet no
/// matter how many viewers. It runs while at least one of its sessions plays.
/// </summary>
internal sealed class MulticastStream
{
    private readonly RtspServer _server;
    private readonly IRtspMediaSource _source;
    private readonly Lock _lock = new();
    private readonly HashSet<RtspServerSession> _playing = [];
    private Task? _pump;
    private CancellationTokenSource? _stop;
    private bool _ended;

    public MulticastStream(RtspServer server, IRtspMediaSource source, StreamDescription description, MulticastTrack[] tracks, RtpStreamer streamer)
    {
        _server = server;
        _source = source;
        Description = description;
        Tracks = tracks;
        Streamer = streamer;
    }

    public string Name => _source.Name;
    public StreamDescription Description { get; }
    public MulticastTrack[] Tracks { get; }
    public RtpStreamer Streamer { get; }

    /// <summary>Sessions that set up a track of this stream (guarded by the manager's lock).</summary>
    internal int References { get; set; }

    public MulticastTrack? Track(int trackId) => Array.Find(Tracks, t => t.TrackId == trackId);

    /// <summary>Adds a playing session; the first one starts the stream.</summary>
    public bool StartPlaying(RtspServerSession session)
    {
        lock (_lock)
        {
            if (_ended) return false;
            _playing.Add(session);
            if (_pump is not null) return true;
            _stop = new CancellationTokenSource();
            var reader = _source.OpenReader(_server.ReaderOptionsFor($"rtsp multicast {Name}"));
            _pump = PumpAsync(reader, _stop.Token);
            return true;
        }
    }

    /// <summary>Removes a session; the last one stops the stream (and waits for it).</summary>
    public async Task StopPlayingAsync(RtspServerSession session)
    {
        Task? pump;
        lock (_lock)
        {
            if (!_playing.Remove(session) || _playing.Count > 0 || _ended) return;
            pump = _pump;
            _pump = null;
            _stop?.Cancel();
        }
        if (pump is not null) await pump.ConfigureAwait(false);
    }

    /// <summary>Stops the stream whatever its members (server shutdown).</summary>
    public async Task StopAsync()
    {
        Task? pump;
        lock (_lock)
        {
            pump = _pump;
            _pump = null;
            _stop?.Cancel();
        }
        if (pump is not null) await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync(IRtspMediaReader reader, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var reason = RtspSessionCloseReason.None;
        try
        {
            reason = await Streamer.RunAsync(reader, cancellationToken).ConfigureAwait(false);
            if (reason is RtspSessionCloseReason.SourceEnded or RtspSessionCloseReason.SourceChanged)
            {
                await Streamer.SendGoodbyeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the last viewer left, or the server stops.
        }
        catch (Exception e)
        {
            RtspServerLog.StreamFailed(_server.Logger, Name, e);
            reason = RtspSessionCloseReason.TransportError;
        }
        finally
        {
            reader.Dispose();
        }
        if (reason == RtspSessionCloseReason.None) return;
        RtspServerSession[] members;
        lock (_lock)
        {
            _ended = true;
            _pump = null;
            members = [.. _playing];
            _playing.Clear();
        }
        foreach (var member in members) await member.CloseAsync(reason).ConfigureAwait(false);
    }
}
