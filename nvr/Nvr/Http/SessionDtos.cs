namespace Nvr.Http;

/// <summary><c>GET /api/sessions</c>: live viewer sessions, per camera stream and server totals.</summary>
public sealed record SessionsResponse(SessionTotals Totals, CameraSessions[] Cameras, SessionInfo[] Sessions);

/// <summary>RTSP server counters since start (closed sessions included in bytes and drops).</summary>
public sealed record SessionTotals(
    int Connections,
    int Sessions,
    long SessionsOpened,
    long SessionsClosed,
    long BytesOut,
    long Drops,
    long WriteTimeouts,
    long SessionTimeouts,
    long AuthFailures,
    long AuthThrottled,
    long ConnectionsRejected,
    long SessionsRejected,
    long MalformedRequests);

/// <summary>Open sessions of one camera stream (<c>main</c> or <c>sub</c>), summed.</summary>
public sealed record CameraSessions(string Camera, string Stream, string Path, int Sessions, long BytesOut, long Drops);

/// <summary>
/// One open session. <c>Id</c> is a digest of the RTSP session id, not the id itself: the id
/// authorizes PAUSE/TEARDOWN of the session, so the API does not hand it out.
/// </summary>
public sealed record SessionInfo(
    string Id,
    string Protocol,
    string Path,
    string Camera,
    string Stream,
    string? User,
    string? Remote,
    string Transport,
    string State,
    DateTimeOffset Started,
    long BytesOut,
    long PacketsOut,
    long UnitsOut,
    long Drops,
    long Resyncs,
    int Queued,
    SessionTrackInfo[] Tracks);

/// <summary>One track of a session with what the client's RTCP receiver reports say (RFC 3550 §6.4.1).</summary>
public sealed record SessionTrackInfo(
    int TrackId,
    string Codec,
    long PacketsOut,
    long BytesOut,
    long Reports,
    double FractionLost,
    long CumulativeLost,
    double JitterMs,
    double? RoundTripMs);
