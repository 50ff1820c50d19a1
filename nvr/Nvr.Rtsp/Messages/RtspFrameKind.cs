namespace Nvr.Rtsp;

/// <summary>What <see cref="RtspFrameReader.TryRead"/> found.</summary>
public enum RtspFrameKind
{
    NeedMoreData,
    Message,
    Interleaved,
    Error,
}
