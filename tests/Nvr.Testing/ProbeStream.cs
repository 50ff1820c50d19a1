using System.Text.Json;

namespace Nvr.Testing;

/// <summary>One entry of ffprobe's <c>streams</c> array.</summary>
public sealed record ProbeStream
{
    /// <summary>Stream index.</summary>
    public int Index { get; init; }

    /// <summary><c>codec_type</c>: video, audio, data, subtitle.</summary>
    public string CodecType { get; init; } = "";

    /// <summary><c>codec_name</c>: h264, hevc, aac, pcm_alaw, pcm_mulaw, …</summary>
    public string CodecName { get; init; } = "";

    /// <summary><c>profile</c>, e.g. "Constrained Baseline", "Main", "LC".</summary>
    public string? Profile { get; init; }

    /// <summary>Frame width (video).</summary>
    public int? Width { get; init; }

    /// <summary>Frame height (video).</summary>
    public int? Height { get; init; }

    /// <summary><c>pix_fmt</c> (video).</summary>
    public string? PixelFormat { get; init; }

    /// <summary><c>r_frame_rate</c> as ffprobe prints it, e.g. "15/1".</summary>
    public string? RFrameRate { get; init; }

    /// <summary><c>avg_frame_rate</c> as ffprobe prints it.</summary>
    public string? AvgFrameRate { get; init; }

    /// <summary><see cref="RFrameRate"/> as a number.</summary>
    public double? FrameRate => JsonRead.Rational(RFrameRate);

    /// <summary>Sample rate in Hz (audio).</summary>
    public int? SampleRate { get; init; }

    /// <summary>Channel count (audio).</summary>
    public int? Channels { get; init; }

    /// <summary><c>time_base</c>, e.g. "1/90000".</summary>
    public string? TimeBase { get; init; }

    /// <summary><c>duration</c> in seconds, when known.</summary>
    public double? Duration { get; init; }

    /// <summary><c>nb_frames</c> from the container header, when known.</summary>
    public long? NbFrames { get; init; }

    /// <summary><c>nb_read_frames</c> (with -count_frames).</summary>
    public long? NbReadFrames { get; init; }

    /// <summary><c>nb_read_packets</c> (with -count_packets).</summary>
    public long? NbReadPackets { get; init; }

    /// <summary>
    /// What a re-served stream must keep from its source: codec, profile, size, pixel format,
    /// sample rate and channels (not timing, which a server may legitimately restamp).
    /// </summary>
    public (string Type, string Name, string? Profile, int? Width, int? Height, string? PixelFormat, int? SampleRate, int? Channels) CodecParameters =>
        (CodecType, CodecName, Profile, Width, Height, PixelFormat, SampleRate, Channels);

    internal static ProbeStream Parse(JsonElement e) => new()
    {
        Index = JsonRead.Int(e, "index") ?? -1,
        CodecType = JsonRead.String(e, "codec_type") ?? "",
        CodecName = JsonRead.String(e, "codec_name") ?? "",
        Profile = JsonRead.String(e, "profile"),
        Width = JsonRead.Int(e, "width"),
        Height = JsonRead.Int(e, "height"),
        PixelFormat = JsonRead.String(e, "pix_fmt"),
        RFrameRate = JsonRead.String(e, "r_frame_rate"),
        AvgFrameRate = JsonRead.String(e, "avg_frame_rate"),
        SampleRate = JsonRead.Int(e, "sample_rate"),
        Channels = JsonRead.Int(e, "channels"),
        TimeBase = JsonRead.String(e, "time_base"),
        Duration = JsonRead.Double(e, "duration"),
        NbFrames = JsonRead.Long(e, "nb_frames"),
        NbReadFrames = JsonRead.Long(e, "nb_read_frames"),
        NbReadPackets = JsonRead.Long(e, "nb_read_packets"),
    };
}
