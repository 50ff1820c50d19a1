using System.Buffers;
using System.Buffers.Binary;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;
using Nvr.Rtmp.Amf;
using Nvr.Streaming;

namespace Nvr.Rtmp.Flv;

/// <summary>
/// Turns a feed's <see cref="MediaUnit"/>s into FLV tags (Video File Format Specification v10,
/// Annex E.4; HEVC per Enhanced RTMP v1 with FourCC <c>hvc1</c>) — the same tag bodies serve
/// RTMP messages and HTTP-FLV. One muxer per output session; not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// On the first unit and on every description change it emits onMetaData, the video sequence
/// header (AVCDecoderConfigurationRecord or HEVCDecoderConfigurationRecord) and the AAC sequence
/// header (AudioSpecificConfig), then waits for a video keyframe: nothing (audio included) is
/// sent before the first keyframe after a header, so every output starts decodable.
/// </para>
/// <para>
/// Time: tag timestamps are DTS in milliseconds, rebased so the output starts at 0; video tags
/// carry PTS − DTS as CompositionTime. All tracks of a feed share one zero (see
/// <c>nvr/design/ingest.md</c>), so one offset serves all. After
/// <see cref="MarkDiscontinuity"/> (the feed went offline; the next run restarts its clocks at
/// zero) the next unit is re-anchored at the last timestamp sent, so output time never goes back.
/// </para>
/// </remarks>
public sealed class FlvMuxer
{
    private readonly FlvMuxerOptions _options;
    private int _descriptionVersion = -1;
    private TrackDescription? _video;
    private TrackDescription? _audio;
    private byte[]? _videoConfig;
    private bool _waitKeyframe;
    private bool _anchored;
    private bool _reanchor;
    private long _offsetMs;
    private uint _lastTimestamp;

    public FlvMuxer(FlvMuxerOptions? options = null) => _options = options ?? FlvMuxerOptions.Default;

    /// <summary>True for the codecs FLV can carry: H.264, H.265 (Enhanced RTMP), AAC, G.711 A-law/µ-law.</summary>
    public static bool CanCarry(MediaCodec codec) => codec is MediaCodec.H264 or MediaCodec.H265 or MediaCodec.Aac or MediaCodec.Pcma or MediaCodec.Pcmu;

    /// <summary>
    /// True for codecs a browser FLV player (flv.js, mpegts.js over MSE) can play: H.264, H.265
    /// (where the browser decodes HEVC) and AAC. G.711 is not: browsers' MSE has no G.711.
    /// </summary>
    public static bool IsBrowserPlayable(MediaCodec codec) => codec is MediaCodec.H264 or MediaCodec.H265 or MediaCodec.Aac;

    /// <summary>The video track being muxed (of the last description), or null.</summary>
    public TrackDescription? Video => _video;

    /// <summary>The audio track being muxed (of the last description), or null when there is none or it is filtered out.</summary>
    public TrackDescription? Audio => _audio;

    /// <summary>Units not muxed: before a keyframe, on unknown tracks or on tracks whose parameters are incomplete.</summary>
    public long DroppedUnits { get; private set; }

    /// <summary>The tracks <paramref name="description"/> would yield (for an FLV header written before the first unit).</summary>
    public (TrackDescription? Video, TrackDescription? Audio) SelectTracks(StreamDescription description)
    {
        TrackDescription? video = null, audio = null;
        foreach (var t in description.Tracks)
        {
            if (t.Kind == TrackKind.Video && video is null && t.Codec is MediaCodec.H264 or MediaCodec.H265) video = t;
            else if (t.Kind == TrackKind.Audio && audio is null && _options.IncludeAudio && CanCarry(t.Codec)
                && (_options.IncludeG711 || t.Codec is MediaCodec.Aac)) audio = t;
        }
        return (video, audio);
    }

    /// <summary>Handles one read result: units are muxed, <see cref="FeedReadStatus.Offline"/> marks a discontinuity.</summary>
    public void Mux(in FeedReadResult result, List<FlvTag> output)
    {
        if (result.HasUnit) Mux(result.Unit, result.Description, result.DescriptionChanged, output);
        else if (result.Status == FeedReadStatus.Offline) MarkDiscontinuity();
    }

    /// <summary>Appends the tags for <paramref name="unit"/> (headers first when the description changed) to <paramref name="output"/>.</summary>
    public void Mux(MediaUnit unit, StreamDescription description, bool descriptionChanged, List<FlvTag> output)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(output);
        var isVideo = _video is not null && unit.TrackId == _video.Id;
        if (descriptionChanged || description.Version != _descriptionVersion)
        {
            // Headers wait for the unit that can start the output (a keyframe, or any unit without video).
            var (video, audio) = SelectTracks(description);
            var starts = video is null || (unit.TrackId == video.Id && unit.IsKeyframe);
            if (!starts)
            {
                DroppedUnits++;
                return;
            }
            _descriptionVersion = description.Version;
            _video = video;
            _audio = audio;
            _videoConfig = video is null ? null : BuildVideoConfig(video);
            if (video is not null && _videoConfig is null) _video = null; // parameters incomplete: audio only
            isVideo = _video is not null && unit.TrackId == _video.Id;
            var ts = Timestamp(unit.Dts, (isVideo ? _video : _audio)?.ClockRate ?? 90000);
            output.Add(new FlvTag(FlvTagType.Script, ts, default, BuildMetadata(_video, _audio)));
            if (_video is not null) output.Add(VideoSequenceHeader(_video.Codec, ts, _videoConfig!));
            if (_audio is { Codec: MediaCodec.Aac, AudioSpecificConfig: { } asc }) output.Add(new FlvTag(FlvTagType.Audio, ts, new byte[] { 0xAF, 0 }, asc));
            _waitKeyframe = _video is not null;
        }

        if (isVideo)
        {
            if (_waitKeyframe && !unit.IsKeyframe)
            {
                DroppedUnits++;
                return;
            }
            _waitKeyframe = false;
            output.Add(VideoTag(unit, _video!));
        }
        else if (_audio is not null && unit.TrackId == _audio.Id && !_waitKeyframe)
        {
            output.Add(AudioTag(unit, _audio));
        }
        else
        {
            DroppedUnits++;
        }
    }

    /// <summary>The source's clocks restart (new run): the next unit continues at the last timestamp sent.</summary>
    public void MarkDiscontinuity()
    {
        if (_anchored) _reanchor = true;
    }

    private uint Timestamp(long ticks, int clockRate)
    {
        var ms = Milliseconds(ticks, clockRate);
        if (!_anchored || _reanchor)
        {
            _offsetMs = (_anchored ? _lastTimestamp : 0) - ms;
            _anchored = true;
            _reanchor = false;
        }
        var t = ms + _offsetMs;
        if (t < 0) t = 0;
        _lastTimestamp = (uint)t;
        return _lastTimestamp;
    }

    private static long Milliseconds(long ticks, int clockRate) => clockRate <= 0 ? 0 : (long)Math.Floor(ticks * 1000.0 / clockRate);

    private FlvTag VideoTag(MediaUnit unit, TrackDescription video)
    {
        var ts = Timestamp(unit.Dts, video.ClockRate);
        var cts = (int)Math.Clamp(Milliseconds(unit.Pts, video.ClockRate) - Milliseconds(unit.Dts, video.ClockRate), -0x800000, 0x7FFFFF);
        var frameType = unit.IsKeyframe ? FlvCodecIds.FrameTypeKey : FlvCodecIds.FrameTypeInter;
        byte[] prefix;
        if (video.Codec == MediaCodec.H264)
        {
            prefix = [(byte)(frameType << 4 | FlvCodecIds.VideoCodecAvc), FlvCodecIds.AvcPacketNalu, 0, 0, 0];
            WriteInt24(prefix.AsSpan(2), cts);
        }
        else
        {
            prefix = new byte[8];
            prefix[0] = (byte)(FlvCodecIds.ExHeaderBit | frameType << 4 | FlvCodecIds.ExPacketCodedFrames);
            BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), FlvCodecIds.FourCcHevc);
            WriteInt24(prefix.AsSpan(5), cts);
        }
        return new FlvTag(FlvTagType.Video, ts, prefix, unit.Payload);
    }

    private FlvTag AudioTag(MediaUnit unit, TrackDescription audio)
    {
        var ts = Timestamp(unit.Dts, audio.ClockRate);
        byte[] prefix = audio.Codec == MediaCodec.Aac ? [0xAF, 1] : [SoundByte(audio)];
        return new FlvTag(FlvTagType.Audio, ts, prefix, unit.Payload);
    }

    private static byte SoundByte(TrackDescription audio)
    {
        var format = audio.Codec == MediaCodec.Pcma ? FlvCodecIds.SoundFormatG711ALaw : FlvCodecIds.SoundFormatG711MuLaw;
        // SoundRate 0 (the rate is implied: 8 kHz), SoundSize 1 (16-bit decoded), SoundType mono/stereo.
        return (byte)(format << 4 | 0x02 | (audio.Channels == 2 ? 1 : 0));
    }

    private static FlvTag VideoSequenceHeader(MediaCodec codec, uint ts, byte[] config)
    {
        if (codec == MediaCodec.H264)
        {
            return new FlvTag(FlvTagType.Video, ts, new byte[] { FlvCodecIds.FrameTypeKey << 4 | FlvCodecIds.VideoCodecAvc, 0, 0, 0, 0 }, config);
        }
        var prefix = new byte[5];
        prefix[0] = FlvCodecIds.ExHeaderBit | FlvCodecIds.FrameTypeKey << 4 | FlvCodecIds.ExPacketSequenceStart;
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), FlvCodecIds.FourCcHevc);
        return new FlvTag(FlvTagType.Video, ts, prefix, config);
    }

    /// <summary>avcC/hvcC from the colleague-owned builders in Nvr.Media; null when parameters are missing or unparseable.</summary>
    private static byte[]? BuildVideoConfig(TrackDescription video)
    {
        if (!video.IsComplete) return null;
        try
        {
            return video.Codec == MediaCodec.H264
                ? AvcDecoderConfigurationRecord.Create(video.Sps!, video.Pps!).ToArray()
                : HevcDecoderConfigurationRecord.Create(video.Vps!, video.Sps!, video.Pps!).ToArray();
        }
        catch (BitstreamException)
        {
            return null;
        }
    }

    private byte[] BuildMetadata(TrackDescription? video, TrackDescription? audio)
    {
        var props = new List<KeyValuePair<string, Amf0Value>> { new("duration", Amf0Value.FromNumber(0)) };
        if (video is not null)
        {
            if (video.Width > 0) props.Add(new("width", Amf0Value.FromNumber(video.Width)));
            if (video.Height > 0) props.Add(new("height", Amf0Value.FromNumber(video.Height)));
            props.Add(new("videocodecid", Amf0Value.FromNumber(video.Codec == MediaCodec.H264 ? FlvCodecIds.VideoCodecAvc : FlvCodecIds.FourCcHevc)));
        }
        if (audio is not null)
        {
            var format = audio.Codec switch
            {
                MediaCodec.Aac => FlvCodecIds.SoundFormatAac,
                MediaCodec.Pcma => FlvCodecIds.SoundFormatG711ALaw,
                _ => FlvCodecIds.SoundFormatG711MuLaw,
            };
            props.Add(new("audiocodecid", Amf0Value.FromNumber(format)));
            var rate = audio.SampleRate > 0 ? audio.SampleRate : audio.ClockRate;
            props.Add(new("audiosamplerate", Amf0Value.FromNumber(rate)));
            props.Add(new("audiosamplesize", Amf0Value.FromNumber(16)));
            props.Add(new("stereo", Amf0Value.FromBoolean(audio.Channels == 2)));
        }
        props.Add(new("encoder", Amf0Value.FromString(_options.Encoder)));
        var writer = new ArrayBufferWriter<byte>(256);
        Amf0Writer.WriteString(writer, "onMetaData");
        Amf0Writer.Write(writer, Amf0Value.EcmaArray(props.ToArray()));
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteInt24(Span<byte> span, int value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }
}
