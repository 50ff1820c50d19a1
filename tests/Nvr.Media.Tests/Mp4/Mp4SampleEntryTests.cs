using System.Buffers;
using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

/// <summary>
/// Codec configuration boxes built from parameter sets, compared byte for byte with what
/// FFmpeg 5.1's mp4 muxer wrote for the same streams (captured from libx264/libx265/aac output).
/// </summary>
public sealed class Mp4SampleEntryTests
{
    // ffmpeg -f lavfi -i testsrc=size=320x240:rate=25 -t 1 -c:v libx264 -pix_fmt yuv420p out.mp4 → moov/.../avc1/avcC
    private const string X264AvcC =
        "0164000dffe100196764000dacd94141fb011000000300100000030320f142996001000668ebe3cb22c0fdf8f800";

    // Same with -c:v libx265 -tag:v hvc1 → hvcC header and its VPS/SPS/PPS arrays (the SEI array left out).
    private const string X265HvcCHeader = "0101600000009000000000003cf000fcfdf8f800000f";
    private const string X265Vps = "40010c01ffff01600000030090000003000003003c959809";
    private const string X265Sps = "42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210";
    private const string X265Pps = "4401c172b46240";

    // aac encoder, 48 kHz mono: AudioSpecificConfig from the esds DecoderSpecificInfo.
    private const string AacAsc = "118856e500";

    [Fact]
    public void AvcC_MatchesFfmpeg_ForHighProfileSps()
    {
        var avcC = Convert.FromHexString(X264AvcC);
        var sps = avcC.AsSpan(8, 0x19).ToArray();
        var pps = avcC.AsSpan(8 + 0x19 + 3, 6).ToArray();
        var init = Init(new TrackDescription { Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = sps, Pps = pps, Width = 320, Height = 240 });
        Assert.Equal(X264AvcC, Convert.ToHexStringLower(BoxBody(init, Mp4BoxType.AvcC)));
    }

    [Fact]
    public void AvcC_BaselineProfile_HasNoChromaExtension()
    {
        // Baseline SPS (profile_idc 66) as sent by many cameras: 67 42 c0 1f ...
        byte[] sps = Convert.FromHexString("6742c01fda014016e84000000300400000f1e3065c");
        byte[] pps = Convert.FromHexString("68ce3c80");
        var init = Init(new TrackDescription { Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = sps, Pps = pps });
        var body = BoxBody(init, Mp4BoxType.AvcC);
        Assert.Equal("0142c01fffe1", Convert.ToHexStringLower(body[..6]));
        Assert.Equal(6 + 2 + sps.Length + 1 + 2 + pps.Length, body.Length);
    }

    [Fact]
    public void HvcC_ProfileTierLevel_FromSps_MatchesFfmpeg()
    {
        var track = new TrackDescription
        {
            Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
            Vps = Convert.FromHexString(X265Vps), Sps = Convert.FromHexString(X265Sps), Pps = Convert.FromHexString(X265Pps), Width = 320, Height = 240,
        };
        var body = BoxBody(Init(track), Mp4BoxType.HvcC);
        Assert.Equal(X265HvcCHeader, Convert.ToHexStringLower(body[..22]));
        Assert.Equal(3, body[22]); // VPS, SPS, PPS arrays
        string arrays = "a00001" + (X265Vps.Length / 2).ToString("x4") + X265Vps
                      + "a10001" + (X265Sps.Length / 2).ToString("x4") + X265Sps
                      + "a20001" + (X265Pps.Length / 2).ToString("x4") + X265Pps;
        Assert.Equal(arrays, Convert.ToHexStringLower(body[23..]));
    }

    [Fact]
    public void HvcC_SpsWithEmulationPrevention_IsUnescapedBeforeParsing()
    {
        // The x265 SPS has 00 00 03 inside general_constraint_indicator_flags and the level:
        // read without unescaping, level_idc would come out as 0x03 instead of 0x3c (level 2).
        var track = new TrackDescription
        {
            Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
            Vps = Convert.FromHexString(X265Vps), Sps = Convert.FromHexString(X265Sps), Pps = Convert.FromHexString(X265Pps),
        };
        var body = BoxBody(Init(track), Mp4BoxType.HvcC);
        Assert.Equal(0x3C, body[12]);
        Assert.Equal(1, body[1] & 0x1F); // Main profile
    }

    [Fact]
    public void Esds_CarriesAudioSpecificConfig_AndReadsBack()
    {
        var asc = Convert.FromHexString(AacAsc);
        var init = Init(new TrackDescription { Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 48000, SampleRate = 48000, Channels = 1, AudioSpecificConfig = asc });
        var esds = BoxBody(init, Mp4BoxType.Esds);
        // version/flags, ES_Descriptor (tag 3, size 28), ES_ID 0, flags 0,
        // DecoderConfigDescriptor (tag 4, size 20): 0x40, 0x15, bufferSizeDB/maxBitrate/avgBitrate 0,
        // DecoderSpecificInfo (tag 5, size 5) ASC, SLConfigDescriptor (tag 6, size 1) 0x02.
        Assert.Equal("00000000" + "031c" + "0000" + "00" + "0414" + "40" + "15" + "000000" + "00000000" + "00000000" + "0505" + AacAsc + "060102",
            Convert.ToHexStringLower(esds));
        var read = Mp4Reader.Read(init).Init!.Tracks[0].Description;
        Assert.Equal(MediaCodec.Aac, read.Codec);
        Assert.Equal(asc, read.AudioSpecificConfig);
        Assert.Equal(48000, read.SampleRate);
        Assert.Equal(1, read.Channels);
    }

    [Theory]
    [InlineData(MediaCodec.Pcma, "alaw")]
    [InlineData(MediaCodec.Pcmu, "ulaw")]
    public void G711_UsesQuickTimeSampleEntry(MediaCodec codec, string fourCC)
    {
        var init = Init(new TrackDescription { Id = 1, Kind = TrackKind.Audio, Codec = codec, ClockRate = 8000, SampleRate = 8000, Channels = 1 });
        var entry = BoxBody(init, Mp4BoxType.FromString(fourCC));
        Assert.Equal(28, entry.Length);
        Assert.Equal(1, entry[17]);            // channelcount
        Assert.Equal(0x1F40, (entry[24] << 8) | entry[25]); // samplerate 8000 in 16.16
        var read = Mp4Reader.Read(init).Init!.Tracks[0].Description;
        Assert.Equal(codec, read.Codec);
        Assert.Equal(8000, read.SampleRate);
        Assert.Equal(8000, read.ClockRate);
    }

    [Fact]
    public void InitSegment_Layout_HasMvexTrexPerTrack_AndTimescales()
    {
        var video = new TrackDescription { Id = 7, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = Convert.FromHexString("6742c01fda014016e84000000300400000f1e3065c"), Pps = [0x68, 0xCE, 0x3C, 0x80], Width = 1280, Height = 720 };
        var audio = new TrackDescription { Id = 9, Kind = TrackKind.Audio, Codec = MediaCodec.Pcmu, ClockRate = 8000, SampleRate = 8000, Channels = 1 };
        var init = Init(video, audio);
        var top = TopLevel(init);
        Assert.Equal([Mp4BoxType.Ftyp, Mp4BoxType.Moov], top.Select(b => b.Type));
        Assert.Equal("iso6", Mp4BoxType.ToString(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(init.AsSpan(8))));
        Assert.Equal(2, Count(init, Mp4BoxType.Trex));
        var read = Mp4Reader.Read(init);
        Assert.Equal(Mp4ReadStatus.Complete, read.Status);
        Assert.Equal(init.Length, read.CompleteEnd);
        Assert.Equal([1, 2], read.Init!.Tracks.Select(t => t.TrackId));
        Assert.Equal([90000, 8000], read.Init.Tracks.Select(t => t.Timescale));
        Assert.Equal(1280, read.Init.Tracks[0].Description.Width);
        Assert.Equal(720, read.Init.Tracks[0].Description.Height);
        Assert.Equal(video.Sps, read.Init.Tracks[0].Description.Sps);
        Assert.Equal(66, read.Init.Tracks[0].Description.Profile);
        Assert.Equal(31, read.Init.Tracks[0].Description.Level);
    }

    [Fact]
    public void IncompleteOrUnsupportedTracks_AreRejected()
    {
        var noPps = new TrackDescription { Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = [0x67, 0x42, 0, 0x1f] };
        Assert.Throws<ArgumentException>(() => new Mp4FragmentWriter([noPps]));
        var mjpeg = new TrackDescription { Id = 1, Kind = TrackKind.Video, Codec = MediaCodec.Mjpeg, ClockRate = 90000 };
        Assert.Throws<ArgumentException>(() => new Mp4FragmentWriter([mjpeg]));
        Assert.Throws<ArgumentException>(() => new Mp4FragmentWriter([]));
        var badHevc = SyntheticTracks.H265() with { Sps = SyntheticTracks.H265().Sps![..8] }; // cut inside profile_tier_level
        Assert.Throws<ArgumentException>(() => new Mp4FragmentWriter([badHevc]));
        Assert.Throws<ArgumentException>(() => new Mp4FragmentWriter([SyntheticTracks.H264(), SyntheticTracks.Pcmu(0)])); // duplicate id
    }

    internal static byte[] Init(params TrackDescription[] tracks)
    {
        var output = new ArrayBufferWriter<byte>();
        Mp4InitSegmentWriter.Write(output, tracks);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The body of the first box of <paramref name="type"/> found by scanning for its four-character code.</summary>
    internal static byte[] BoxBody(byte[] data, uint type)
    {
        for (int i = 4; i + 4 <= data.Length; i++)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i)) != type) continue;
            int size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i - 4));
            if (size >= 8 && i - 4 + size <= data.Length) return data.AsSpan(i + 4, size - 8).ToArray();
        }
        throw new InvalidOperationException($"no '{Mp4BoxType.ToString(type)}' box");
    }

    internal static int Count(byte[] data, uint type)
    {
        int n = 0;
        for (int i = 4; i + 4 <= data.Length; i++)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i)) == type) n++;
        }
        return n;
    }

    internal static List<Mp4BoxHeader> TopLevel(ReadOnlySpan<byte> data)
    {
        var list = new List<Mp4BoxHeader>();
        long pos = 0;
        while (pos < data.Length && Mp4BoxHeader.TryParse(data[(int)pos..], pos, data.Length, out var h) == Mp4BoxParseStatus.Ok)
        {
            list.Add(h);
            pos = h.End;
        }
        return list;
    }
}
