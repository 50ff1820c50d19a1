using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>
/// Ends an ingest run with a classified reason. Adapters translate protocol errors into this so the
/// supervisor stays independent of RTSP (or RTMP publish, or a playback source).
/// </summary>
public sealed class IngestException(IngestFailureKind kind, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public IngestFailureKind Kind { get; } = kind;

    public CameraState State => Kind switch
    {
        IngestFailureKind.Unauthorized => CameraState.Unauthorized,
        IngestFailureKind.Protocol => CameraState.Error,
        _ => CameraState.Offline,
    };
}
