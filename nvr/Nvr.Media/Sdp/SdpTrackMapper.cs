namespace Nvr.Media.Sdp;

/// <summary>
/// Turns a media description into the shared <see cref="TrackDescription"/>: codec from the rtpmap
/// encoding name (RFC 6184, RFC 7798, RFC 3640, RFC 3551 §4.5.14, RFC 2435) and the codec parameters
/// the SDP carries (SPS/PPS/VPS, AudioSpecificConfig). Width/height stay 0: they come from parsing
/// the SPS, which the codec layer does.
/// </summary>
public static class SdpTrackMapper
{
    private static readonly int[] AacSampleRates =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>The codec of <paramref name="media"/>'s first payload type, or <see cref="MediaCodec.Unknown"/>.</summary>
    public static MediaCodec CodecOf(SdpMedia media)
    {
        var map = media.RtpMap;
        if (map is null) return MediaCodec.Unknown;
        var name = map.EncodingName;
        if (name.Equals("H264", StringComparison.OrdinalIgnoreCase)) return MediaCodec.H264;
        // "HEVC" is not a registered subtype but some early firmwares wrote it.
        if (name.Equals("H265", StringComparison.OrdinalIgnoreCase) || name.Equals("HEVC", StringComparison.OrdinalIgnoreCase)) return MediaCodec.H265;
        if (name.Equals("MPEG4-GENERIC", StringComparison.OrdinalIgnoreCase)) return MediaCodec.Aac;
        if (name.Equals("PCMA", StringComparison.OrdinalIgnoreCase)) return MediaCodec.Pcma;
        if (name.Equals("PCMU", StringComparison.OrdinalIgnoreCase)) return MediaCodec.Pcmu;
        if (name.Equals("JPEG", StringComparison.OrdinalIgnoreCase)) return MediaCodec.Mjpeg;
        return MediaCodec.Unknown;
    }

    /// <summary>
    /// A <see cref="TrackDescription"/> with id <paramref name="id"/> for <paramref name="media"/>,
    /// or null when its codec is not one Nvr handles (ONVIF metadata, G.726, MP4A-LATM, …).
    /// </summary>
    public static TrackDescription? ToTrackDescription(SdpMedia media, int id)
    {
        var codec = CodecOf(media);
        var map = media.RtpMap;
        if (codec == MediaCodec.Unknown || map is null) return null;
        switch (codec)
        {
            case MediaCodec.H264:
                {
                    var p = H264FmtpParameters.Parse(media.Fmtp);
                    // Hikvision: profile-level-id may disagree with the SPS; the SPS is what the decoder sees.
                    int profile = p.Sps is { Length: >= 4 } sps ? sps[1] : p.ProfileIdc ?? 0;
                    int level = p.Sps is { Length: >= 4 } sps2 ? sps2[3] : p.LevelIdc ?? 0;
                    return new TrackDescription
                    {
                        Id = id, Kind = TrackKind.Video, Codec = codec, ClockRate = map.ClockRate,
                        Sps = p.Sps, Pps = p.Pps, Profile = profile, Level = level,
                    };
                }
            case MediaCodec.H265:
                {
                    var p = H265FmtpParameters.Parse(media.Fmtp);
                    (int profile, int level) = H265ProfileLevel(p.Sps);
                    return new TrackDescription
                    {
                        Id = id, Kind = TrackKind.Video, Codec = codec, ClockRate = map.ClockRate,
                        Vps = p.Vps, Sps = p.Sps, Pps = p.Pps,
                        Profile = profile != 0 ? profile : p.ProfileId ?? 0,
                        Level = level != 0 ? level : p.LevelId ?? 0,
                    };
                }
            case MediaCodec.Aac:
                {
                    var p = Mpeg4GenericParameters.Parse(media.Fmtp);
                    (int rate, int channels) = AacRateChannels(p.Config);
                    return new TrackDescription
                    {
                        Id = id, Kind = TrackKind.Audio, Codec = codec, ClockRate = map.ClockRate,
                        AudioSpecificConfig = p.Config,
                        SampleRate = rate != 0 ? rate : map.ClockRate,
                        Channels = channels != 0 ? channels : map.Channels ?? 1,
                    };
                }
            case MediaCodec.Pcma:
            case MediaCodec.Pcmu:
                return new TrackDescription
                {
                    Id = id, Kind = TrackKind.Audio, Codec = codec, ClockRate = map.ClockRate,
                    SampleRate = map.ClockRate, Channels = map.Channels ?? 1,
                };
            default:
                return new TrackDescription { Id = id, Kind = TrackKind.Video, Codec = codec, ClockRate = map.ClockRate };
        }
    }

    /// <summary>
    /// general_profile_idc and general_level_idc from an H.265 SPS (ITU-T H.265 §7.3.2.2.1, §7.3.3):
    /// <code>
    /// byte 0-1  nal_unit_header
    /// byte 2    sps_video_parameter_set_id(4) sps_max_sub_layers_minus1(3) temporal_id_nesting(1)
    /// byte 3    general_profile_space(2) general_tier_flag(1) general_profile_idc(5)
    /// byte 4-7  general_profile_compatibility_flags
    /// byte 8-13 progressive/interlaced/… constraint flags (48 bits)
    /// byte 14   general_level_idc
    /// </code>
    /// after removing emulation-prevention bytes (00 00 03). (0, 0) when too short.
    /// </summary>
    public static (int Profile, int Level) H265ProfileLevel(byte[]? sps)
    {
        if (sps is null) return (0, 0);
        Span<byte> rbsp = stackalloc byte[15];
        int n = 0, zeros = 0;
        foreach (byte b in sps)
        {
            if (n == rbsp.Length) break;
            if (zeros >= 2 && b == 3) { zeros = 0; continue; }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[n++] = b;
        }
        return n < 15 ? (0, 0) : (rbsp[3] & 0x1F, rbsp[14]);
    }

    /// <summary>Sampling rate and channel count from an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1); zeros when unreadable.</summary>
    public static (int Rate, int Channels) AacRateChannels(byte[]? asc)
    {
        if (asc is null || asc.Length < 2) return (0, 0);
        // audioObjectType(5) [escape 6] samplingFrequencyIndex(4) [explicit 24] channelConfiguration(4)
        ulong bits = 0;
        for (int i = 0; i < 8; i++) bits = (bits << 8) | (i < asc.Length ? asc[i] : 0u);
        int pos = 0;
        int Read(int n) { int v = (int)((bits >> (64 - pos - n)) & ((1UL << n) - 1)); pos += n; return v; }
        int aot = Read(5);
        if (aot == 31) Read(6);
        int fi = Read(4);
        int rate;
        if (fi == 15)
        {
            if (asc.Length < 5) return (0, 0);
            rate = Read(24);
        }
        else rate = fi < AacSampleRates.Length ? AacSampleRates[fi] : 0;
        int ch = Read(4);
        if (ch == 7) ch = 8;
        return (rate, ch);
    }
}
