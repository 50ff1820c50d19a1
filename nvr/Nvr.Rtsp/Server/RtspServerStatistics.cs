namespace Nvr.Rtsp.Server;

/// <summary>Server-wide counters since start, with a snapshot of the open sessions.</summary>
public sealed record RtspServerStatistics
{
    public int Connections { get; init; }
    public int Sessions { get; init; }
    public long SessionsOpened { get; init; }
    public long SessionsClosed { get; init; }
    /// <summary>Bytes sent by every session, closed ones included.</summary>
    public long BytesSent { get; init; }
    /// <summary>Units dropped by every session (slow viewers), closed ones included.</summary>
    public long UnitsDropped { get; init; }
    public long WriteTimeouts { get; init; }
    public long SessionTimeouts { get; init; }
    /// <summary>Requests with wrong credentials.</summary>
    public long AuthFailures { get; init; }
    /// <summary>Requests refused because their address was blocked after repeated failures.</summary>
    public long AuthThrottled { get; init; }
    /// <summary>Connections refused by the connection limits.</summary>
    public long ConnectionsRejected { get; init; }
    /// <summary>SETUPs refused by the session limits.</summary>
    public long SessionsRejected { get; init; }
    /// <summary>Unparseable requests (each closes its connection).</summary>
    public long MalformedRequests { get; init; }
    public IReadOnlyList<RtspSessionStatistics> SessionList { get; init; } = [];
}
