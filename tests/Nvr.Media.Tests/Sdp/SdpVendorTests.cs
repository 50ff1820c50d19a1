using Nvr.Media.Sdp;

namespace Nvr.Media.Tests.Sdp;

/// <summary>Regression tests, one per vendor-style SDP in corpus/sdp.</summary>
public class SdpVendorTests
{
    [Fact]
    public void Hikvision_absolute_controls_and_sps_profile_wins_over_fmtp()
    {
        var raw = SdpFixtures.Load("hikvision.sdp");
        Assert.Contains((byte)'\r', raw);
        var s = SdpParser.Parse(raw);
        Assert.Equal("Media Presentation", s.SessionName);
        Assert.Equal("192.168.1.64", s.OriginAddress);
        Assert.Equal(2, s.Media.Count);

        var video = s.Media[0];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(5000, video.BandwidthKbps);
        Assert.Equal("1920,1080", video.GetAttribute("x-dimensions"));
        var h264 = H264FmtpParameters.Parse(video.Fmtp);
        Assert.Equal(1, h264.PacketizationMode);
        Assert.Equal(0x42, h264.ProfileIdc); // the fmtp claims Baseline...
        var t = SdpTrackMapper.ToTrackDescription(video, 0)!;
        Assert.Equal(MediaCodec.H264, t.Codec);
        Assert.Equal(77, t.Profile); // ...the SPS says Main, and the SPS wins.
        Assert.Equal(40, t.Level);
        Assert.Equal(0x67, t.Sps![0]);
        Assert.Equal(0x68, t.Pps![0]);
        Assert.True(t.IsComplete);

        var audio = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(MediaCodec.Pcma, audio.Codec);
        Assert.Equal(8000, audio.ClockRate);
        Assert.Equal(1, audio.Channels);
        Assert.StartsWith("MEDIAINFO=", s.Media[1].GetAttribute("Media_header"));

        const string contentBase = "rtsp://192.168.1.64:554/Streaming/Channels/101/";
        Assert.Equal("rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast", SdpControl.ResolveSession(contentBase, s));
        Assert.Equal("rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast", SdpControl.ResolveMedia(contentBase, s, video));
    }

    [Fact]
    public void Hikvision_multicast_connection_and_port()
    {
        var s = SdpFixtures.Parse("hikvision-multicast.sdp");
        var m = s.Media[0];
        Assert.Equal(8860, m.Port);
        var c = s.ConnectionFor(m)!;
        Assert.True(c.IsMulticast);
        Assert.Equal("239.6.6.6", c.Address);
        Assert.Equal(255, c.Ttl);
    }

    [Fact]
    public void Dahua_h265_aac_metadata_and_query_content_base()
    {
        var s = SdpFixtures.Parse("dahua.sdp");
        Assert.Equal(3, s.Media.Count);
        Assert.Equal("*", s.Control);
        Assert.Equal("npt=now-", s.Range);

        var v = SdpTrackMapper.ToTrackDescription(s.Media[0], 0)!;
        Assert.Equal(MediaCodec.H265, v.Codec);
        Assert.Equal(32, (v.Vps![0] >> 1) & 0x3F);
        Assert.Equal(33, (v.Sps![0] >> 1) & 0x3F);
        Assert.Equal(34, (v.Pps![0] >> 1) & 0x3F);
        Assert.Equal(4, v.Profile);   // from the SPS, after removing emulation-prevention bytes
        Assert.Equal(150, v.Level);
        Assert.Equal(1, H265FmtpParameters.Parse(s.Media[0].Fmtp).ProfileId);

        var aacFmtp = Mpeg4GenericParameters.Parse(s.Media[1].Fmtp);
        Assert.Equal("AAC-hbr", aacFmtp.Mode);
        Assert.Equal(13, aacFmtp.SizeLength);
        Assert.Equal(3, aacFmtp.IndexLength);
        Assert.Equal(3, aacFmtp.IndexDeltaLength);
        Assert.Equal(5, aacFmtp.StreamType);
        var a = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(MediaCodec.Aac, a.Codec);
        Assert.Equal(new byte[] { 0x14, 0x08 }, a.AudioSpecificConfig);
        Assert.Equal(16000, a.SampleRate);
        Assert.Equal(1, a.Channels);
        Assert.Equal(16000, a.ClockRate);

        Assert.Equal("vnd.onvif.metadata", s.Media[2].RtpMap!.EncodingName);
        Assert.Null(SdpTrackMapper.ToTrackDescription(s.Media[2], 2));

        const string contentBase = "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/";
        Assert.Equal(contentBase, SdpControl.ResolveSession(contentBase, s));
        Assert.Equal("rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/trackID=0", SdpControl.ResolveMedia(contentBase, s, s.Media[0]));
    }

    [Fact]
    public void Axis_aac_with_channels_and_onvif_metadata()
    {
        var s = SdpFixtures.Parse("axis.sdp");
        Assert.Equal("GStreamer", s.Tool);
        Assert.Equal(3, s.Media.Count);
        var a = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(MediaCodec.Aac, a.Codec);
        Assert.Equal(1, a.Channels);
        Assert.Equal(2, Mpeg4GenericParameters.Parse(s.Media[1].Fmtp).ProfileLevelId);
        Assert.Null(SdpTrackMapper.ToTrackDescription(s.Media[2], 2));
        Assert.Equal("rtsp://192.168.0.90/axis-media/media.amp/stream=0?videocodec=h264&resolution=1920x1080",
            SdpControl.ResolveMedia("rtsp://192.168.0.90/axis-media/media.amp/", s, s.Media[0]));
        Assert.Equal(0x4D, H264FmtpParameters.Parse(s.Media[0].Fmtp).ProfileIdc);
    }

    [Fact]
    public void Axis_mjpeg_static_payload_type_26_without_rtpmap()
    {
        var s = SdpFixtures.Parse("axis-mjpeg.sdp");
        var m = s.Media[0];
        Assert.Empty(m.RtpMaps);
        Assert.Equal(26, m.PayloadType);
        var t = SdpTrackMapper.ToTrackDescription(m, 0)!;
        Assert.Equal(MediaCodec.Mjpeg, t.Codec);
        Assert.Equal(TrackKind.Video, t.Kind);
        Assert.Equal(90000, t.ClockRate);
    }

    [Fact]
    public void Reolink_lf_only_unpadded_base64_trailing_semicolon_and_back_channel()
    {
        var raw = SdpFixtures.Load("reolink.sdp");
        Assert.DoesNotContain((byte)'\r', raw);
        var s = SdpParser.Parse(raw);
        Assert.Equal("BC Streaming Media v202210012022.10.01", s.Tool);
        Assert.Equal(3, s.Media.Count);
        var v = SdpTrackMapper.ToTrackDescription(s.Media[0], 0)!;
        Assert.Equal(100, v.Profile);
        Assert.Equal(30, v.Sps!.Length); // base64 without '=' padding still decodes fully
        Assert.Equal(5, v.Pps!.Length);
        var a = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(new byte[] { 0x14, 0x08 }, a.AudioSpecificConfig);
        Assert.Equal(1, a.Channels);
        Assert.Equal(SdpDirection.SendOnly, s.Media[2].Direction);
        Assert.Equal(SdpDirection.RecvOnly, s.Media[0].Direction);
        // Reolink sends no Content-Base: relative controls resolve against the request URL.
        Assert.Equal("rtsp://192.168.0.3:554/h264Preview_01_main/track1",
            SdpControl.ResolveMedia("rtsp://192.168.0.3:554/h264Preview_01_main", s, s.Media[0]));
    }

    [Fact]
    public void Uniview_missing_t_trailing_spaces_lowercase_codec_duplicated_fmtp_static_pcmu()
    {
        var s = SdpFixtures.Parse("uniview.sdp");
        Assert.Equal("VCP IPC Realtime stream", s.SessionName);
        var video = s.Media[0];
        Assert.Equal("media/video1", video.Control);
        Assert.Equal("h264", video.RtpMap!.EncodingName);
        var v = SdpTrackMapper.ToTrackDescription(video, 0)!;
        Assert.Equal(MediaCodec.H264, v.Codec);
        var f = H264FmtpParameters.Parse(video.Fmtp);
        Assert.Equal(0x64, f.ProfileIdc);       // from the first a=fmtp line
        Assert.NotNull(f.Sps);                  // from the second
        Assert.Equal(1, f.PacketizationMode);
        Assert.Single(video.Fmtps);
        Assert.Equal("192.168.1.13", video.Connection!.Address);

        var audio = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(MediaCodec.Pcmu, audio.Codec);
        Assert.Equal(8000, audio.ClockRate);
        Assert.Equal("rtsp://192.168.1.13/media/video1", SdpControl.ResolveMedia("rtsp://192.168.1.13/", s, video));
    }

    [Fact]
    public void TpLink_seven_field_origin_and_non_numeric_format()
    {
        var s = SdpFixtures.Parse("tplink.sdp");
        Assert.Equal("192.168.1.50", s.OriginAddress);
        Assert.Equal(3, s.Media.Count);
        var app = s.Media[2];
        Assert.Equal("application/TP-LINK", app.Type);
        Assert.Equal(["smart/1/90000"], app.Formats);
        Assert.Empty(app.PayloadTypes);
        Assert.Equal(-1, app.PayloadType);
        Assert.Null(SdpTrackMapper.ToTrackDescription(app, 2));
        var v = SdpTrackMapper.ToTrackDescription(s.Media[0], 0)!;
        Assert.Equal(66, v.Profile);
        Assert.Equal("npt=0-", s.Media[0].Range);
        Assert.Equal(MediaCodec.Pcma, SdpTrackMapper.CodecOf(s.Media[1]));
    }

    [Fact]
    public void Oem_rtspserver_session_lines_inside_media_and_repeated_control()
    {
        var s = SdpFixtures.Parse("oem-rtspserver.sdp");
        Assert.Equal("RtspServer", s.SessionName);
        Assert.Equal("live", s.Information);
        Assert.Equal(2, s.Media.Count);
        Assert.Equal("track0", s.Media[0].Control);
        var a = SdpTrackMapper.ToTrackDescription(s.Media[1], 1)!;
        Assert.Equal(MediaCodec.Aac, a.Codec);
        Assert.Equal(8000, a.SampleRate);
        Assert.Equal(13, Mpeg4GenericParameters.Parse(s.Media[1].Fmtp).SizeLength); // "sizeLength"
    }

    [Fact]
    public void Oem_misplaced_fmtp_and_rtpmap_with_wrong_payload_type()
    {
        var s = SdpFixtures.Parse("oem-misplaced-fmtp.sdp");
        Assert.NotNull(s.Media[0].Fmtp);
        Assert.Empty(s.Media[1].Fmtps);
        var v = SdpTrackMapper.ToTrackDescription(s.Media[0], 0)!;
        Assert.NotNull(v.Sps);
        var audio = s.Media[1];
        Assert.Equal(8, audio.PayloadType);
        Assert.Equal(MediaCodec.Pcma, SdpTrackMapper.CodecOf(audio));
        Assert.Equal(8, audio.RtpMap!.PayloadType);
    }
}
