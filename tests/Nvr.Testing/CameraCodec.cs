namespace Nvr.Testing;

/// <summary>Video codec of a <see cref="FakeCamera"/> or a <see cref="ClipFactory"/> clip.</summary>
public enum CameraCodec
{
    /// <summary>H.264 (x264enc / libx264, no B-frames).</summary>
    H264,

    /// <summary>H.265 (x265enc / libx265, no B-frames).</summary>
    H265,
}
