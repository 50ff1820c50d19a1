namespace Nvr.Rtmp.Flv;

/// <summary>What an <see cref="FlvMuxer"/> puts into its output.</summary>
public sealed class FlvMuxerOptions
{
    public static FlvMuxerOptions Default { get; } = new();

    /// <summary>Carry the audio track at all. Default true.</summary>
    public bool IncludeAudio { get; init; } = true;

    /// <summary>
    /// Carry G.711 audio (FLV sound formats 7/8). Default true: FFmpeg, GStreamer and VLC decode
    /// it. Browser players (flv.js, mpegts.js) cannot; HTTP-FLV turns this off by default.
    /// </summary>
    public bool IncludeG711 { get; init; } = true;

    /// <summary>Value of onMetaData "encoder".</summary>
    public string Encoder { get; init; } = "Nvr";
}
