namespace Nvr.Hls;

/// <summary>Whether and how a feed's audio reaches the HLS outputs (both fMP4 and MPEG-TS carry the same audio).</summary>
public enum HlsAudioMode
{
    /// <summary>The feed has no audio track.</summary>
    None,
    /// <summary>AAC, carried as is (fMP4 'mp4a', TS ADTS).</summary>
    Passthrough,
    /// <summary>Converted to AAC by the configured <see cref="IHlsAudioTranscoderFactory"/> (G.711 → AAC).</summary>
    Transcoded,
    /// <summary>
    /// Left out: a codec browsers cannot decode (G.711 A-law/µ-law) with no transcoder configured.
    /// Outputs are video only; use RTSP or the recording for the camera's sound.
    /// </summary>
    Unsupported,
}
