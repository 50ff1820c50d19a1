using System.Security.Cryptography;
using System.Text;
using Nvr.Configuration;
using Nvr.Rtsp.Server;
using Nvr.Serving;

namespace Nvr.Http;

/// <summary><c>GET /api/sessions</c>: who watches what over RTSP, with bytes, drops and RTCP receiver statistics.</summary>
public static class SessionEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/sessions", (NvrOptions options, RtspHostedService rtsp) =>
            Results.Json(Describe(options, rtsp.Server.GetStatistics()), NvrJsonContext.Default.SessionsResponse));
    }

    internal static SessionsResponse Describe(NvrOptions options, RtspServerStatistics stats)
    {
        var sessions = stats.SessionList.OrderBy(s => s.StartedAt).Select(Describe).ToArray();
        var cameras = new List<CameraSessions>();
        foreach (var c in options.Cameras)
        {
            cameras.Add(Aggregate(c.Id, "main", sessions));
            if (!string.IsNullOrEmpty(c.SubUrl)) cameras.Add(Aggregate(c.Id, "sub", sessions));
        }
        var totals = new SessionTotals(
            stats.Connections, stats.Sessions, stats.SessionsOpened, stats.SessionsClosed, stats.BytesSent, stats.UnitsDropped,
            stats.WriteTimeouts, stats.SessionTimeouts, stats.AuthFailures, stats.AuthThrottled,
            stats.ConnectionsRejected, stats.SessionsRejected, stats.MalformedRequests);
        return new SessionsResponse(totals, [.. cameras], sessions);
    }

    private static CameraSessions Aggregate(string camera, string stream, SessionInfo[] sessions)
    {
        int count = 0;
        long bytes = 0, drops = 0;
        foreach (var s in sessions)
        {
            if (s.Camera != camera || s.Stream != stream) continue;
            count++;
            bytes += s.BytesOut;
            drops += s.Drops;
        }
        return new CameraSessions(camera, stream, Cameras.CameraStream.FeedPath(camera, stream), count, bytes, drops);
    }

    private static SessionInfo Describe(RtspSessionStatistics s)
    {
        var path = s.Path.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (camera, stream) = slash < 0 ? (path, "main") : (path[..slash], path[(slash + 1)..]);
        return new SessionInfo(
            PublicId(s.Id),
            "rtsp",
            path,
            camera,
            stream,
            s.UserName,
            s.RemoteEndPoint?.ToString(),
            s.Transport.ToString().ToLowerInvariant(),
            s.State.ToString().ToLowerInvariant(),
            s.StartedAt,
            s.BytesSent,
            s.PacketsSent,
            s.UnitsSent,
            s.UnitsDropped,
            s.Resyncs,
            s.QueuedUnits,
            [.. s.Tracks.Select(t => new SessionTrackInfo(
                t.TrackId,
                CameraEndpoints.CodecName(t.Codec),
                t.PacketsSent,
                t.BytesSent,
                t.ReportsReceived,
                Math.Round(t.FractionLost, 4),
                t.CumulativeLost,
                Math.Round(t.Jitter.TotalMilliseconds, 3),
                t.RoundTripTime is { } rtt ? Math.Round(rtt.TotalMilliseconds, 3) : null))]);
    }

    /// <summary>A stable, non-secret name for a session: the first 64 bits of SHA-256 of its id.</summary>
    internal static string PublicId(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sessionId)))[..16];
}
