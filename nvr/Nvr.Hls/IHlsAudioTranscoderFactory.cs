using Nvr.Media;

namespace Nvr.Hls;

/// <summary>
/// Creates audio transcoders for the HLS muxer (<see cref="HlsMuxerOptions.AudioTranscoder"/>).
/// Declared here, next to its consumer; the libav-based G.711 → AAC implementation lives in the
/// executable (or Nvr.FFmpeg) and is plugged in by the host.
/// </summary>
public interface IHlsAudioTranscoderFactory
{
    /// <summary>A transcoder for <paramref name="input"/> (never AAC: AAC passes through), or null when it cannot convert it.</summary>
    IHlsAudioTranscoder? TryCreate(TrackDescription input);
}
