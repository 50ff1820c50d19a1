namespace Nvr.Cameras;

/// <summary>Why an ingest run ended; decides the next state and how long to wait.</summary>
public enum IngestFailureKind
{
    /// <summary>TCP connect refused or host unreachable: nothing listens, so retrying costs the camera nothing.</summary>
    Unreachable,
    /// <summary>The camera closed the connection or the network dropped it.</summary>
    Closed,
    /// <summary>No progress (RTSP answer or media) within the stall timeout, with the socket possibly open.</summary>
    Stalled,
    /// <summary>Credentials refused.</summary>
    Unauthorized,
    /// <summary>The camera answered with something unusable (404, 5xx, unsupported codec, bad SDP).</summary>
    Protocol,
}
