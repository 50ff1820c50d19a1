namespace Nvr.Rtsp.Server;

/// <summary>Why a session ended.</summary>
public enum RtspSessionCloseReason
{
    /// <summary>Still open.</summary>
    None,
    /// <summary>The client sent TEARDOWN.</summary>
    Teardown,
    /// <summary>Nothing heard from the client for the session timeout.</summary>
    Timeout,
    /// <summary>The transport accepted nothing for the write timeout (a dead or frozen viewer).</summary>
    WriteTimeout,
    /// <summary>The RTSP connection carrying the (interleaved) session closed.</summary>
    ConnectionClosed,
    /// <summary>The media ended (feed removed, recording over).</summary>
    SourceEnded,
    /// <summary>The media changed in a way the announced SDP cannot describe (codec or tracks).</summary>
    SourceChanged,
    /// <summary>Sending failed (socket error).</summary>
    TransportError,
    /// <summary>The server is shutting down.</summary>
    ServerStopped,
}
