namespace Nvr.Http;

/// <summary>
/// One way to watch a stream live. <see cref="Path"/> is relative to the listener on
/// <see cref="Port"/> (RTSP, RTMP or HTTP); <see cref="Audio"/> says whether the output carries
/// the camera's audio (null until the stream has been described once).
/// </summary>
public sealed record OutputInfo(string Path, int Port, bool? Audio);
