namespace Nvr.Media;

/// <summary>
/// Codec parameters of one track. Immutable: a change of parameters (new SPS, new AAC config)
/// produces a new <see cref="TrackDescription"/> inside a new <see cref="StreamDescription"/>
/// with a higher version.
/// </summary>
public sealed record TrackDescription
{
    /// <summary>Track id, unique within a stream; <see cref="MediaUnit.TrackId"/> refers to it.</summary>
    public required int Id { get; init; }
    public required TrackKind Kind { get; init; }
    public required MediaCodec Codec { get; init; }
    /// <summary>Ticks per second of PTS/DTS for this track (RTP clock rate: 90000 video, sample rate audio).</summary>
    public required int ClockRate { get; init; }

    // Video
    /// <summary>H.265 video parameter set (raw NAL unit, no start code or length prefix).</summary>
    public byte[]? Vps { get; init; }
    /// <summary>Sequence parameter set (raw NAL unit, no start code or length prefix).</summary>
    public byte[]? Sps { get; init; }
    /// <summary>Picture parameter set (raw NAL unit, no start code or length prefix).</summary>
    public byte[]? Pps { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>Codec profile (profile_idc / general_profile_idc); 0 when unknown.</summary>
    public int Profile { get; init; }
    /// <summary>Codec level (level_idc / general_level_idc); 0 when unknown.</summary>
    public int Level { get; init; }

    // Audio
    /// <summary>AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).</summary>
    public byte[]? AudioSpecificConfig { get; init; }
    public int SampleRate { get; init; }
    public int Channels { get; init; }

    /// <summary>True when every parameter a muxer needs is known (SPS/PPS for video, config for AAC).</summary>
    public bool IsComplete => Codec switch
    {
        MediaCodec.H264 => Sps is not null && Pps is not null,
        MediaCodec.H265 => Vps is not null && Sps is not null && Pps is not null,
        MediaCodec.Aac => AudioSpecificConfig is not null,
        _ => true,
    };
}
