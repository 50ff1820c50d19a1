using System.Net;
using Microsoft.Extensions.Logging;

namespace Nvr.Rtsp.Server;

/// <summary>Log messages of the RTSP server (event ids 3100-3199). Nothing is logged per packet; passwords never.</summary>
internal static partial class RtspServerLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "RTSP server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "RTSP session {Session} started: {Remote} {Path} over {Transport} as {User}")]
    public static partial void SessionStarted(ILogger logger, string session, IPEndPoint? remote, string path, RtspSessionTransport transport, string user);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "RTSP session {Session} ended ({Reason}): {Remote} {Path}, {Bytes} bytes sent, {Dropped} units dropped")]
    public static partial void SessionEnded(ILogger logger, string session, RtspSessionCloseReason reason, IPEndPoint? remote, string path, long bytes, long dropped);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "RTSP session {Session} ({Remote} {Path}) fell behind: {Units} units dropped, {Resyncs} resyncs at a keyframe")]
    public static partial void SessionDrops(ILogger logger, string session, IPEndPoint? remote, string path, long units, long resyncs);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "RTSP authentication failed from {Remote} for user '{User}'")]
    public static partial void AuthFailed(ILogger logger, IPEndPoint? remote, string user);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "RTSP client {Remote} aborted: {Reason}")]
    public static partial void ConnectionAborted(ILogger logger, IPEndPoint? remote, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "RTSP client {Remote} sent an unparseable request ({Error})")]
    public static partial void MalformedRequest(ILogger logger, IPEndPoint? remote, RtspParseError error);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "RTSP connection from {Remote} refused: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, IPEndPoint? remote, string reason);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Error, Message = "RTSP request {Method} from {Remote} failed")]
    public static partial void RequestFailed(ILogger logger, IPEndPoint? remote, string method, Exception exception);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "RTSP session {Session} ({Remote}) failed")]
    public static partial void SessionFailed(ILogger logger, string session, IPEndPoint? remote, Exception exception);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Error, Message = "RTSP multicast stream {Path} failed")]
    public static partial void StreamFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "RTSP multicast unavailable: {Reason}")]
    public static partial void MulticastUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "RTSP accept failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Error, Message = "RTSP housekeeping failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Warning, Message = "RTSP client {Remote} blocked for {Seconds} s after repeated authentication failures")]
    public static partial void AddressBlocked(ILogger logger, IPEndPoint? remote, int seconds);
}
