namespace Nvr.Streaming.Events;

/// <summary>State of one camera stream as its supervisor sees it. The names are the MQTT payloads.</summary>
public enum CameraState
{
    /// <summary>Connecting or re-connecting; no media yet.</summary>
    Connecting,
    /// <summary>Media is flowing.</summary>
    Online,
    /// <summary>Not reachable, closed the connection, or stalled (no media).</summary>
    Offline,
    /// <summary>The camera refused the credentials.</summary>
    Unauthorized,
    /// <summary>The camera answered but cannot be used (unsupported codec, 404, protocol error).</summary>
    Error,
    /// <summary>Configured with Enabled=false.</summary>
    Disabled,
}
