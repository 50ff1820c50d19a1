using System.Buffers.Binary;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;
using Nvr.Rtmp.Amf;

namespace Nvr.Rtmp.Flv;

/// <summary>
/// Turns FLV tag bodies (from RTMP publish messages or an FLV file) back into
/// <see cref="MediaUnit"/>s and a <see cref="StreamDescription"/> (Video File Format
/// Specification v10 Annex E.4; Enhanced RTMP v1 for HEVC; tag layouts in <see cref="FlvCodecIds"/>).
/// Pure and synchronous; one per publishing session.
/// </summary>
/// <remarks>
/// <para>
/// Tracks: video is track <see cref="VideoTrackId"/> (H.264 from AVC sequence headers, H.265 from
/// Enhanced RTMP <c>hvc1</c> or the legacy codec id 12), audio is <see cref="AudioTrackId"/> (AAC
/// from its sequence header, G.711 from sound formats 7/8). <see cref="Description"/> is built when
/// the first unit is produced and rebuilt (new <see cref="StreamDescription.Version"/>) when a
/// later sequence header changes a track, so the usual order — metadata, both sequence headers,
/// frames — yields exactly one description.
/// </para>
/// <para>
/// Time: RTMP/FLV timestamps are DTS in milliseconds (32-bit, unwrapped here). They are rebased so
/// the first tag is 0, then converted to the track clock: 90 kHz for video (PTS = DTS +
/// CompositionTime), the sample rate for audio. Millisecond timestamps of 1024-sample AAC frames
/// jitter by up to 1 ms, so an audio timestamp within 2 ms of the previous frame's end is snapped
/// to it: a recorder then sees exact frame durations. DTS is kept strictly increasing per track.
/// </para>
/// <para>
/// Video payloads are returned as 4-byte length-prefixed NAL units (the sender's lengthSize of 1
/// or 2 from its decoder configuration record is rewritten); AAC and G.711 payloads are raw
/// frames. Payloads slice the tag body when no rewrite is needed (no copy).
/// </para>
/// </remarks>
public sealed class FlvDemuxer
{
    public const int VideoTrackId = 0;
    public const int AudioTrackId = 1;

    private TrackDescription? _video;
    private TrackDescription? _audio;
    private int _videoLengthSize = 4;
    private int _audioFrameLength;
    private bool _dirty;
    private int _version;

    private bool _timeAnchored;
    private long _baseMs;
    private long _lastMs;
    private long _lastVideoDts = long.MinValue;
    private long _lastAudioPts = long.MinValue;

    /// <summary>The current description (null before the first unit); <see cref="StreamDescription.Version"/> counts changes from 1.</summary>
    public StreamDescription? Description { get; private set; }

    /// <summary>The last onMetaData object (or ECMA array), if any.</summary>
    public Amf0Value? Metadata { get; private set; }

    public long Units { get; private set; }
    public long DroppedUnits { get; private set; }
    public long UnsupportedTags { get; private set; }
    public long MalformedTags { get; private set; }

    /// <summary>Demuxes one tag body with its (32-bit, millisecond) timestamp.</summary>
    public FlvDemuxResult Demux(FlvTagType type, uint timestamp, ReadOnlyMemory<byte> body, out MediaUnit? unit)
    {
        unit = null;
        var result = type switch
        {
            FlvTagType.Video => DemuxVideo(timestamp, body, out unit),
            FlvTagType.Audio => DemuxAudio(timestamp, body, out unit),
            FlvTagType.Script => DemuxScript(body.Span),
            _ => FlvDemuxResult.Ignored,
        };
        switch (result)
        {
            case FlvDemuxResult.Unit:
                Units++;
                if (_dirty || Description is null)
                {
                    _dirty = false;
                    var tracks = new List<TrackDescription>(2);
                    if (_video is not null) tracks.Add(_video);
                    if (_audio is not null) tracks.Add(_audio);
                    Description = new StreamDescription(++_version, tracks);
                }
                break;
            case FlvDemuxResult.Dropped: DroppedUnits++; break;
            case FlvDemuxResult.Unsupported: UnsupportedTags++; break;
            case FlvDemuxResult.Malformed: MalformedTags++; break;
        }
        return result;
    }

    private FlvDemuxResult DemuxVideo(uint timestamp, ReadOnlyMemory<byte> body, out MediaUnit? unit)
    {
        unit = null;
        var b = body.Span;
        if (b.Length < 1) return FlvDemuxResult.Malformed;
        MediaCodec codec;
        int frameType, packetType, dataOffset, cts = 0;
        if ((b[0] & FlvCodecIds.ExHeaderBit) != 0)
        {
            // Enhanced RTMP v1 §"Extended VideoTagHeader".
            if (b.Length < 5) return FlvDemuxResult.Malformed;
            frameType = b[0] >> 4 & 7;
            var exType = b[0] & 0x0F;
            var fourCc = BinaryPrimitives.ReadUInt32BigEndian(b[1..]);
            codec = fourCc switch { FlvCodecIds.FourCcHevc => MediaCodec.H265, FlvCodecIds.FourCcAvc => MediaCodec.H264, _ => MediaCodec.Unknown };
            if (codec == MediaCodec.Unknown) return FlvDemuxResult.Unsupported;
            dataOffset = 5;
            switch (exType)
            {
                case FlvCodecIds.ExPacketSequenceStart:
                    packetType = FlvCodecIds.AvcPacketSequenceHeader;
                    break;
                case FlvCodecIds.ExPacketCodedFrames:
                    if (b.Length < 8) return FlvDemuxResult.Malformed;
                    cts = ReadInt24(b[5..]);
                    dataOffset = 8;
                    packetType = FlvCodecIds.AvcPacketNalu;
                    break;
                case FlvCodecIds.ExPacketCodedFramesX:
                    packetType = FlvCodecIds.AvcPacketNalu;
                    break;
                default:
                    return FlvDemuxResult.Ignored; // SequenceEnd, Metadata, MPEG2TSSequenceStart
            }
        }
        else
        {
            frameType = b[0] >> 4;
            codec = (b[0] & 0x0F) switch
            {
                FlvCodecIds.VideoCodecAvc => MediaCodec.H264,
                FlvCodecIds.VideoCodecHevcLegacy => MediaCodec.H265,
                _ => MediaCodec.Unknown,
            };
            if (frameType == FlvCodecIds.FrameTypeCommand) return FlvDemuxResult.Ignored;
            if (codec == MediaCodec.Unknown) return FlvDemuxResult.Unsupported;
            if (b.Length < 5) return FlvDemuxResult.Malformed;
            packetType = b[1];
            cts = ReadInt24(b[2..]);
            dataOffset = 5;
        }
        if (frameType == FlvCodecIds.FrameTypeCommand) return FlvDemuxResult.Ignored;

        var data = body[dataOffset..];
        if (packetType == FlvCodecIds.AvcPacketSequenceHeader) return VideoSequenceHeader(codec, data.Span);
        if (packetType != FlvCodecIds.AvcPacketNalu) return FlvDemuxResult.Ignored;
        if (data.IsEmpty) return FlvDemuxResult.Ignored;
        if (_video is null || _video.Codec != codec) return FlvDemuxResult.Dropped;
        if (!TryNormalizeNalUnits(data, _videoLengthSize, out var payload)) return FlvDemuxResult.Malformed;

        var ms = Milliseconds(timestamp);
        var dts = ms * 90;
        if (_lastVideoDts != long.MinValue && dts <= _lastVideoDts) dts = _lastVideoDts + 1;
        _lastVideoDts = dts;
        var pts = Math.Max(dts, dts + cts * 90L);
        unit = new MediaUnit(VideoTrackId, pts, dts, frameType == FlvCodecIds.FrameTypeKey, payload);
        return FlvDemuxResult.Unit;
    }

    private FlvDemuxResult VideoSequenceHeader(MediaCodec codec, ReadOnlySpan<byte> config)
    {
        TrackDescription track;
        int lengthSize;
        if (codec == MediaCodec.H264)
        {
            if (!AvcDecoderConfigurationRecord.TryParse(config, out var avc)
                || avc.SequenceParameterSets.Count == 0 || avc.PictureParameterSets.Count == 0) return FlvDemuxResult.Malformed;
            var sps = avc.SequenceParameterSets[0];
            H264Sps.TryParse(sps, out var parsed);
            track = new TrackDescription
            {
                Id = VideoTrackId, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000,
                Sps = sps, Pps = avc.PictureParameterSets[0],
                Width = parsed?.Width ?? 0, Height = parsed?.Height ?? 0,
                Profile = avc.ProfileIndication, Level = avc.LevelIndication,
            };
            lengthSize = avc.NalUnitLengthSize;
        }
        else
        {
            if (!HevcDecoderConfigurationRecord.TryParse(config, out var hevc) || hevc.VideoParameterSets.Count == 0
                || hevc.SequenceParameterSets.Count == 0 || hevc.PictureParameterSets.Count == 0) return FlvDemuxResult.Malformed;
            var sps = hevc.SequenceParameterSets[0];
            H265Sps.TryParse(sps, out var parsed);
            track = new TrackDescription
            {
                Id = VideoTrackId, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
                Vps = hevc.VideoParameterSets[0], Sps = sps, Pps = hevc.PictureParameterSets[0],
                Width = parsed?.Width ?? 0, Height = parsed?.Height ?? 0,
                Profile = hevc.GeneralProfileIdc, Level = hevc.GeneralLevelIdc,
            };
            lengthSize = hevc.NalUnitLengthSize;
        }
        if (!SameVideo(_video, track))
        {
            _video = track;
            _dirty = true;
        }
        _videoLengthSize = lengthSize;
        return FlvDemuxResult.SequenceHeader;
    }

    private FlvDemuxResult DemuxAudio(uint timestamp, ReadOnlyMemory<byte> body, out MediaUnit? unit)
    {
        unit = null;
        var b = body.Span;
        if (b.Length < 1) return FlvDemuxResult.Malformed;
        var format = b[0] >> 4;
        ReadOnlyMemory<byte> frame;
        if (format == FlvCodecIds.SoundFormatAac)
        {
            if (b.Length < 2) return FlvDemuxResult.Malformed;
            if (b[1] == 0) return AacSequenceHeader(b[2..]);
            if (b[1] != 1) return FlvDemuxResult.Malformed;
            if (_audio is not { Codec: MediaCodec.Aac }) return FlvDemuxResult.Dropped;
            frame = body[2..];
        }
        else if (format is FlvCodecIds.SoundFormatG711ALaw or FlvCodecIds.SoundFormatG711MuLaw)
        {
            var codec = format == FlvCodecIds.SoundFormatG711ALaw ? MediaCodec.Pcma : MediaCodec.Pcmu;
            var channels = (b[0] & 1) + 1;
            if (_audio is null || _audio.Codec != codec || _audio.Channels != channels)
            {
                _audio = new TrackDescription
                {
                    Id = AudioTrackId, Kind = TrackKind.Audio, Codec = codec, ClockRate = 8000, SampleRate = 8000, Channels = channels,
                };
                _dirty = true;
                _lastAudioPts = long.MinValue;
            }
            frame = body[1..];
            _audioFrameLength = frame.Length / channels;
        }
        else
        {
            return FlvDemuxResult.Unsupported;
        }
        if (frame.IsEmpty) return FlvDemuxResult.Ignored;

        var rate = _audio.ClockRate;
        var pts = Milliseconds(timestamp) * rate / 1000;
        if (_lastAudioPts != long.MinValue)
        {
            var expected = _lastAudioPts + _audioFrameLength;
            if (Math.Abs(pts - expected) <= rate / 500) pts = expected; // within 2 ms: millisecond rounding
            if (pts <= _lastAudioPts) pts = _lastAudioPts + 1;
        }
        _lastAudioPts = pts;
        unit = new MediaUnit(AudioTrackId, pts, pts, true, frame);
        return FlvDemuxResult.Unit;
    }

    private FlvDemuxResult AacSequenceHeader(ReadOnlySpan<byte> config)
    {
        if (!AudioSpecificConfig.TryParse(config, out var asc) || asc is null || asc.SampleRate <= 0) return FlvDemuxResult.Malformed;
        var track = new TrackDescription
        {
            Id = AudioTrackId, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = asc.SampleRate,
            AudioSpecificConfig = config.ToArray(), SampleRate = asc.SampleRate, Channels = asc.Channels,
        };
        if (_audio is null || _audio.Codec != MediaCodec.Aac || !config.SequenceEqual(_audio.AudioSpecificConfig))
        {
            _audio = track;
            _dirty = true;
            _lastAudioPts = long.MinValue;
        }
        _audioFrameLength = asc.FrameLength > 0 ? asc.FrameLength : 1024;
        return FlvDemuxResult.SequenceHeader;
    }

    private FlvDemuxResult DemuxScript(ReadOnlySpan<byte> body)
    {
        var reader = new Amf0Reader(body);
        if (!reader.TryRead(out var name) || name.AsString() is not { } text) return FlvDemuxResult.Ignored;
        if (text == "@setDataFrame")
        {
            if (!reader.TryRead(out name) || name.AsString() is not { } inner) return FlvDemuxResult.Ignored;
            text = inner;
        }
        if (text != "onMetaData" || !reader.TryRead(out var data)) return FlvDemuxResult.Ignored;
        if (data.Type is not (Amf0Type.Object or Amf0Type.EcmaArray)) return FlvDemuxResult.Ignored;
        Metadata = data;
        return FlvDemuxResult.Metadata;
    }

    /// <summary>Unwraps the 32-bit millisecond timestamp and rebases it on the first media tag.</summary>
    private long Milliseconds(uint timestamp)
    {
        long ms;
        if (!_timeAnchored)
        {
            _timeAnchored = true;
            _baseMs = timestamp;
            ms = timestamp;
        }
        else
        {
            ms = _lastMs + unchecked((int)(timestamp - (uint)_lastMs));
        }
        _lastMs = ms;
        return Math.Max(0, ms - _baseMs);
    }

    private static bool TryNormalizeNalUnits(ReadOnlyMemory<byte> data, int lengthSize, out ReadOnlyMemory<byte> payload)
    {
        payload = data;
        var nals = NalUnits.EnumerateLengthPrefixed(data.Span, lengthSize);
        var count = 0;
        var size = 0;
        while (nals.MoveNext())
        {
            count++;
            size += 4 + nals.Current.Length;
        }
        if (nals.IsMalformed || count == 0) return false;
        if (lengthSize == 4) return true;
        var rewritten = new byte[size];
        var offset = 0;
        nals = NalUnits.EnumerateLengthPrefixed(data.Span, lengthSize);
        while (nals.MoveNext())
        {
            BinaryPrimitives.WriteInt32BigEndian(rewritten.AsSpan(offset), nals.Current.Length);
            nals.Current.CopyTo(rewritten.AsSpan(offset + 4));
            offset += 4 + nals.Current.Length;
        }
        payload = rewritten;
        return true;
    }

    private static bool SameVideo(TrackDescription? a, TrackDescription b) =>
        a is not null && a.Codec == b.Codec && Same(a.Vps, b.Vps) && Same(a.Sps, b.Sps) && Same(a.Pps, b.Pps);

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static int ReadInt24(ReadOnlySpan<byte> s) => (s[0] << 24 | s[1] << 16 | s[2] << 8) >> 8;
}
