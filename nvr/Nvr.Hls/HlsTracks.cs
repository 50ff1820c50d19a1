using Nvr.Media;
using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;

namespace Nvr.Hls;

/// <summary>
/// The tracks of one feed description that HLS carries: the first H.264/H.265 video track and
/// the first audio track if it is AAC (or a transcoder turns it into AAC), with their RFC 6381
/// codec strings for CODECS (RFC 8216bis §4.4.6.2). G.711 without a transcoder, MJPEG and
/// incomplete tracks are left out.
/// </summary>
internal sealed class HlsTracks
{
    private HlsTracks(TrackDescription? video, string? videoCodec, string? videoTsCodec, TrackDescription? audio, string? audioCodec,
        int audioSourceId, HlsAudioMode audioMode, MediaCodec sourceAudioCodec, AudioSpecificConfig? aacConfig, double? frameRate)
    {
        Video = video;
        VideoCodec = videoCodec;
        VideoTsCodec = videoTsCodec;
        Audio = audio;
        AudioCodec = audioCodec;
        AudioSourceId = audioSourceId;
        AudioMode = audioMode;
        SourceAudioCodec = sourceAudioCodec;
        AacConfig = aacConfig;
        FrameRate = frameRate;
        var list = new List<TrackDescription>(2);
        if (video is not null) list.Add(video);
        if (audio is not null) list.Add(audio);
        Tracks = list;
    }

    public TrackDescription? Video { get; }
    /// <summary>RFC 6381 string of <see cref="Video"/> in fMP4: <c>avc1.PPCCLL</c> or <c>hvc1.…</c> (ISO/IEC 14496-15 Annex E).</summary>
    public string? VideoCodec { get; }
    /// <summary>The same for MPEG-TS: H.265 parameter sets are in-band there, so <c>hev1.…</c>.</summary>
    public string? VideoTsCodec { get; }
    /// <summary>The output audio track (AAC), after transcoding if any.</summary>
    public TrackDescription? Audio { get; }
    /// <summary><c>mp4a.40.&lt;audio object type&gt;</c> (RFC 6381 §3.3).</summary>
    public string? AudioCodec { get; }
    /// <summary>Track id of the feed's audio track feeding <see cref="Audio"/>; -1 when none.</summary>
    public int AudioSourceId { get; }
    public HlsAudioMode AudioMode { get; }
    public MediaCodec SourceAudioCodec { get; }
    public AudioSpecificConfig? AacConfig { get; }
    /// <summary>Frame rate from the SPS timing info, when the camera sends it.</summary>
    public double? FrameRate { get; }
    /// <summary>Video then audio: the MP4 track order.</summary>
    public IReadOnlyList<TrackDescription> Tracks { get; }
    public bool IsEmpty => Tracks.Count == 0;

    /// <summary>The track whose timing drives segmentation: video, else audio.</summary>
    public TrackDescription? Reference => Video ?? Audio;

    /// <summary>Selects the carried tracks of <paramref name="description"/>; <paramref name="transcoder"/> is created for G.711 when a factory is given.</summary>
    public static HlsTracks Select(StreamDescription description, IHlsAudioTranscoderFactory? factory, out IHlsAudioTranscoder? transcoder)
    {
        transcoder = null;
        TrackDescription? video = null;
        string? videoCodec = null, videoTsCodec = null;
        double? frameRate = null;
        foreach (var t in description.Tracks)
        {
            if (t.Kind != TrackKind.Video || !t.IsComplete || t.ClockRate <= 0) continue;
            if (t.Codec == MediaCodec.H264 && H264Sps.TryParse(t.Sps, out var sps))
            {
                video = t;
                videoCodec = videoTsCodec = sps.CodecString;
                frameRate = sps.FrameRate;
            }
            else if (t.Codec == MediaCodec.H265 && H265Sps.TryParse(t.Sps, out var hsps))
            {
                video = t;
                videoCodec = hsps.ProfileTierLevel.CodecString("hvc1");
                videoTsCodec = hsps.ProfileTierLevel.CodecString("hev1");
                frameRate = hsps.FrameRate;
            }
            if (video is not null) break;
        }

        var source = description.Tracks.FirstOrDefault(t => t.Kind == TrackKind.Audio);
        TrackDescription? audio = null;
        var mode = HlsAudioMode.None;
        if (source is not null)
        {
            mode = HlsAudioMode.Unsupported;
            if (source.Codec == MediaCodec.Aac)
            {
                if (IsUsableAac(source, video)) (audio, mode) = (source, HlsAudioMode.Passthrough);
            }
            else if (factory?.TryCreate(source) is { } created)
            {
                if (IsUsableAac(created.Output, video))
                {
                    transcoder = created;
                    (audio, mode) = (created.Output, HlsAudioMode.Transcoded);
                }
                else
                {
                    created.Dispose();
                }
            }
        }

        AudioSpecificConfig? config = null;
        string? audioCodec = null;
        if (audio is not null && AudioSpecificConfig.TryParse(audio.AudioSpecificConfig, out config))
        {
            // RFC 6381 §3.3: mp4a.40.<AOT>; explicit HE-AAC signals 5 (SBR) or 29 (PS).
            int aot = config!.ExtensionObjectType != 0 ? config.ExtensionObjectType : config.ObjectType;
            audioCodec = $"mp4a.40.{aot}";
        }
        return new HlsTracks(video, videoCodec, videoTsCodec, audio, audioCodec, audio is null ? -1 : source!.Id, mode,
            source?.Codec ?? MediaCodec.Unknown, config, frameRate);
    }

    private static bool IsUsableAac(TrackDescription t, TrackDescription? video) =>
        t.Codec == MediaCodec.Aac && t.IsComplete && t.ClockRate > 0 && (video is null || video.Id != t.Id)
        && AudioSpecificConfig.TryParse(t.AudioSpecificConfig, out _);

    /// <summary>True when both select the same codec parameters (a new feed run with an unchanged camera).</summary>
    public bool SameAs(HlsTracks other) =>
        Same(Video, other.Video) && Same(Audio, other.Audio) && AudioSourceId == other.AudioSourceId;

    /// <summary>Same codec parameters (byte arrays compared by content).</summary>
    public static bool Same(TrackDescription? a, TrackDescription? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return a.Id == b.Id && a.Codec == b.Codec && a.ClockRate == b.ClockRate && a.Width == b.Width && a.Height == b.Height
            && a.Channels == b.Channels && a.SampleRate == b.SampleRate
            && Bytes(a.Vps, b.Vps) && Bytes(a.Sps, b.Sps) && Bytes(a.Pps, b.Pps) && Bytes(a.AudioSpecificConfig, b.AudioSpecificConfig);
    }

    private static bool Bytes(byte[]? a, byte[]? b) => a is null || b is null ? a is null && b is null : a.AsSpan().SequenceEqual(b);

    /// <summary>The CODECS attribute value for <paramref name="format"/>.</summary>
    public string Codecs(HlsFormat format)
    {
        var video = format == HlsFormat.MpegTs ? VideoTsCodec : VideoCodec;
        if (video is null) return AudioCodec ?? "";
        return AudioCodec is null ? video : video + "," + AudioCodec;
    }
}
