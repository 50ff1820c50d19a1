using Nvr.Media;

namespace Nvr.Hls;

/// <summary>
/// Converts one audio track into a browser-decodable one (G.711 → AAC), for one muxer run.
/// The muxer owns it: created through <see cref="IHlsAudioTranscoderFactory"/> on every new
/// description, disposed when the description changes or the muxer closes. Called from the
/// muxer's reader loop only (never concurrently).
/// </summary>
public interface IHlsAudioTranscoder : IDisposable
{
    /// <summary>
    /// The output track: AAC with a complete AudioSpecificConfig. Its <see cref="TrackDescription.Id"/>
    /// must differ from the video track's (keeping the input's id is the natural choice).
    /// </summary>
    TrackDescription Output { get; }

    /// <summary>
    /// Converts one input unit and appends the output units that became complete (zero or more
    /// AAC frames, TrackId = <see cref="Output"/>.Id, times in <see cref="Output"/>'s clock,
    /// increasing DTS, keyframe = true, wallclock carried over where known).
    /// </summary>
    void Transcode(MediaUnit input, List<MediaUnit> output);
}
