using Nvr.Media;

namespace Nvr.Rtsp.Server;

/// <summary>Counters of one track of a session, with what the client's RTCP receiver reports say (RFC 3550 §6.4.2).</summary>
public sealed record RtspTrackStatistics
{
    public required int TrackId { get; init; }
    public required MediaCodec Codec { get; init; }
    public required uint Ssrc { get; init; }
    public long PacketsSent { get; init; }
    /// <summary>RTP bytes sent (headers and payloads).</summary>
    public long BytesSent { get; init; }
    /// <summary>Receiver report blocks about this track.</summary>
    public long ReportsReceived { get; init; }
    /// <summary>Fraction lost in the last report interval, 0..1 (§6.4.1 "fraction lost").</summary>
    public double FractionLost { get; init; }
    /// <summary>Packets the client says it lost since the start.</summary>
    public long CumulativeLost { get; init; }
    /// <summary>Interarrival jitter the client measured, converted from RTP units.</summary>
    public TimeSpan Jitter { get; init; }
    /// <summary>Round trip from LSR/DLSR (§6.4.1), once a report echoes one of our sender reports.</summary>
    public TimeSpan? RoundTripTime { get; init; }
}
