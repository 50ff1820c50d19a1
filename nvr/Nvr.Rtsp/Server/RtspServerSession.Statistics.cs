namespace Nvr.Rtsp.Server;

internal sealed partial class RtspServerSession
{
    /// <summary>Units dropped by every reader this session had (for the server's totals).</summary>
    public long UnitsDropped
    {
        get
        {
            IRtspMediaReader? reader;
            lock (_lock) reader = _reader;
            return Interlocked.Read(ref _droppedBefore) + (reader?.GetStatistics().DroppedUnits ?? 0);
        }
    }

    /// <summary>Bytes this session put on the wire (multicast: the shared stream's).</summary>
    public long BytesSent
    {
        get
        {
            lock (_lock) return _streamer?.Sink.BytesWritten ?? 0;
        }
    }

    public RtspSessionStatistics GetStatistics()
    {
        RtpStreamer? streamer;
        IRtspMediaReader? reader;
        RtspSessionTransport? transport;
        RtspSessionState state;
        lock (_lock)
        {
            streamer = _transport == RtspSessionTransport.Multicast ? _multicast?.Streamer : _streamer;
            reader = _reader;
            transport = _transport;
            state = _state;
        }
        var readerStats = reader?.GetStatistics() ?? default;
        var tracks = new List<RtspTrackStatistics>();
        long packets = 0;
        if (streamer is not null)
        {
            foreach (var t in streamer.Tracks)
            {
                var ts = t.GetStatistics();
                packets += ts.PacketsSent;
                tracks.Add(ts);
            }
        }
        return new RtspSessionStatistics
        {
            Id = Id,
            Path = Path,
            UserName = UserName,
            RemoteEndPoint = RemoteEndPoint,
            Transport = transport ?? RtspSessionTransport.Tcp,
            State = state,
            StartedAt = StartedAt,
            PacketsSent = packets,
            BytesSent = streamer?.Sink.BytesWritten ?? 0,
            UnitsSent = streamer?.Units ?? 0,
            UnitsDropped = Interlocked.Read(ref _droppedBefore) + readerStats.DroppedUnits,
            Resyncs = Interlocked.Read(ref _resyncsBefore) + readerStats.Resyncs,
            QueuedUnits = readerStats.QueuedUnits,
            Tracks = tracks,
        };
    }
}
