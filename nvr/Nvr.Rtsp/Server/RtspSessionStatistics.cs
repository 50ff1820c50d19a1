using System.Net;

namespace Nvr.Rtsp.Server;

/// <summary>A snapshot of one session (what <c>GET /api/sessions</c> lists).</summary>
public sealed record RtspSessionStatistics
{
    public required string Id { get; init; }
    public required string Path { get; init; }
    public string? UserName { get; init; }
    public IPEndPoint? RemoteEndPoint { get; init; }
    public required RtspSessionTransport Transport { get; init; }
    public required RtspSessionState State { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public long PacketsSent { get; init; }
    /// <summary>Bytes written to the transport for this session (RTP, RTCP, interleaved framing; multicast: the shared stream's).</summary>
    public long BytesSent { get; init; }
    /// <summary>Access units sent.</summary>
    public long UnitsSent { get; init; }
    /// <summary>Units dropped because the session fell behind (its reader overflowed).</summary>
    public long UnitsDropped { get; init; }
    /// <summary>Times the session was resynced at a keyframe after falling behind.</summary>
    public long Resyncs { get; init; }
    /// <summary>Units waiting in the session's queue.</summary>
    public int QueuedUnits { get; init; }
    public IReadOnlyList<RtspTrackStatistics> Tracks { get; init; } = [];
}
