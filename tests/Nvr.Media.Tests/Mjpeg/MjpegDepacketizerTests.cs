using System.Security.Cryptography;
using Nvr.Media.Codecs.Mjpeg;
using Nvr.Media.Rtp;
using Nvr.Media.Tests.Rtp;

namespace Nvr.Media.Tests.Mjpeg;

public class MjpegDepacketizerTests
{
    private readonly List<DepacketizedUnit> _out = [];

    private static RtpPacket[] Frame(string prefix, int count)
        => Enumerable.Range(0, count).Select(i => RtpTestPackets.CorpusPacket("mjpeg-rtp", $"{prefix}-{i}.bin")).ToArray();

    private static RtpPacket Jpeg(ushort seq, uint ts, bool marker, int offset, byte type, byte q, byte w8, byte h8, byte[] rest)
    {
        byte[] header = [0, (byte)(offset >> 16), (byte)(offset >> 8), (byte)offset, type, q, w8, h8];
        return RtpTestPackets.Packet(seq, ts, marker: marker, payloadType: MjpegDepacketizer.PayloadType, payload: [.. header, .. rest]);
    }

    private void PushAll(MjpegDepacketizer d, IEnumerable<RtpPacket> packets)
    {
        foreach (var p in packets) d.Push(p, p.Timestamp, false, _out);
    }

    /// <summary>Marker segments (marker byte → segment bytes) up to SOS.</summary>
    private static Dictionary<byte, List<byte[]>> Segments(byte[] jpeg)
    {
        var result = new Dictionary<byte, List<byte[]>>();
        Assert.Equal(0xFF, jpeg[0]);
        Assert.Equal(0xD8, jpeg[1]);
        int i = 2;
        while (true)
        {
            Assert.Equal(0xFF, jpeg[i]);
            byte marker = jpeg[i + 1];
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (!result.TryGetValue(marker, out var list)) result[marker] = list = [];
            list.Add(jpeg[i..(i + 2 + length)]);
            if (marker == 0xDA) return result;
            i += 2 + length;
        }
    }

    [Fact]
    public void Gstreamer_frame_is_rebuilt_byte_for_byte_as_jpegenc_wrote_it()
    {
        // GStreamer 1.22: videotestsrc ! 320x240 I420 ! jpegenc quality=75 ! rtpjpegpay mtu=1000.
        // The same pipeline into a file gives a 7954-byte JPEG with this SHA-256; libjpeg lays
        // out its headers exactly as RFC 2435 Appendix B does.
        var d = new MjpegDepacketizer();
        PushAll(d, Frame("gstreamer-q255-f0", 8));
        var unit = Assert.Single(_out);
        Assert.True(unit.IsKeyframe);
        Assert.Equal(7954, unit.Payload.Length);
        Assert.Equal("c773f7b110d05d0e62d606dba998f1cb45694576d8cf92b009925b80f6af5d2a", Convert.ToHexStringLower(SHA256.HashData(unit.Payload)));
    }

    [Fact]
    public void Ffmpeg_frame_with_a_single_in_band_table_uses_it_for_all_components()
    {
        var d = new MjpegDepacketizer();
        var packets = Frame("ffmpeg-q255-f0", 9);
        PushAll(d, packets);
        var jpeg = Assert.Single(_out).Payload;
        var segments = Segments(jpeg);
        var dqt = Assert.Single(segments[0xDB]);
        Assert.Equal(2 + 2 + 1 + 64, dqt.Length);
        Assert.Equal(packets[0].Payload.Span.Slice(12, 64).ToArray(), dqt[5..]);
        var sof = Assert.Single(segments[0xC0]);
        // 240 × 320, Y 2×2 (type 1, 4:2:0) and every component on table 0.
        Assert.Equal("FFC0001108" + "00F0" + "0140" + "03" + "012200" + "021100" + "031100", Convert.ToHexString(sof));
        Assert.Equal(0xFF, jpeg[^2]);
        Assert.Equal(0xD9, jpeg[^1]);
        Assert.Equal(packets[0].Timestamp, _out[0].Timestamp);
    }

    [Fact]
    public void Standard_tables_for_q75_equal_libjpeg_quality_75()
    {
        // The two DQT segments libjpeg (GStreamer jpegenc quality=75) wrote.
        const string luma = "00080606070605080707070909080A0C140D0C0B0B0C1912130F141D1A1F1E1D1A1C1C20242E2720222C231C1C2837292C30313434341F27393D38323C2E333432";
        const string chroma = "010909090C0B0C180D0D1832211C213232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232";
        var tables = JpegQuantizationTables.ForQuality(75);
        Assert.Equal(luma[2..], Convert.ToHexString(tables, 0, 64));
        Assert.Equal(chroma[2..], Convert.ToHexString(tables, 64, 64));
    }

    [Theory]
    [InlineData(50, 16, 17)]  // factor 100: the Annex K tables themselves
    [InlineData(1, 255, 255)] // factor 5000, clamped
    [InlineData(99, 1, 1)]    // factor 2, floor at 1
    public void Standard_table_scaling_edges(int q, int firstLuma, int firstChroma)
    {
        var tables = JpegQuantizationTables.ForQuality(q);
        Assert.Equal(firstLuma, tables[0]);
        Assert.Equal(firstChroma, tables[64]);
    }

    [Fact]
    public void Huffman_tables_are_the_t81_annex_k_tables_libjpeg_writes()
    {
        string[] expected =
        [
            "FFC4001F0000010501010101010100000000000000000102030405060708090A0B",
            "FFC400B5100002010303020403050504040000017D01020300041105122131410613516107227114328191A1082342B1C11552D1F02433627282090A161718191A25262728292A3435363738393A434445464748494A535455565758595A636465666768696A737475767778797A838485868788898A92939495969798999AA2A3A4A5A6A7A8A9AAB2B3B4B5B6B7B8B9BAC2C3C4C5C6C7C8C9CAD2D3D4D5D6D7D8D9DAE1E2E3E4E5E6E7E8E9EAF1F2F3F4F5F6F7F8F9FA",
            "FFC4001F0100030101010101010101010000000000000102030405060708090A0B",
            "FFC400B51100020102040403040705040400010277000102031104052131061241510761711322328108144291A1B1C109233352F0156272D10A162434E125F11718191A262728292A35363738393A434445464748494A535455565758595A636465666768696A737475767778797A82838485868788898A92939495969798999AA2A3A4A5A6A7A8A9AAB2B3B4B5B6B7B8B9BAC2C3C4C5C6C7C8C9CAD2D3D4D5D6D7D8D9DAE2E3E4E5E6E7E8E9EAF2F3F4F5F6F7F8F9FA",
        ];
        var header = JpegHeaderWriter.Create(0, 16, 16, JpegQuantizationTables.ForQuality(50), 0, 0);
        Assert.Equal(expected, Segments(header)[0xC4].Select(Convert.ToHexString));
    }

    [Fact]
    public void Standard_q_frame_with_restart_markers_gets_dri_and_422_sampling()
    {
        var d = new MjpegDepacketizer();
        d.Push(RtpTestPackets.CorpusPacket("mjpeg-rtp", "restart-type65.bin"), 0, false, _out);
        var first = Segments(Assert.Single(_out).Payload); // type 65 = type 1 (4:2:0) + restart markers
        Assert.Equal("FFDD00040004", Convert.ToHexString(Assert.Single(first[0xDD])));
        Assert.Equal(0x22, Assert.Single(first[0xC0])[11]);
        _out.Clear();
        byte[] restart = [0x00, 0x08, 0xC0, 0x00];
        d.Push(Jpeg(1, 900, true, 0, 64, 80, 4, 2, [.. restart, 0xAB, 0xCD]), 900, false, _out);
        var jpeg = Assert.Single(_out).Payload;
        var s = Segments(jpeg);
        Assert.Equal("FFDD00040008", Convert.ToHexString(Assert.Single(s[0xDD])));
        Assert.Equal("FFC0001108" + "0010" + "0020" + "03" + "012100" + "021101" + "031101", Convert.ToHexString(Assert.Single(s[0xC0])));
        Assert.Equal(2, s[0xDB].Count);
        Assert.Equal(JpegQuantizationTables.ForQuality(80)[..64], s[0xDB][0][5..]);
        Assert.Equal([0xAB, 0xCD, 0xFF, 0xD9], jpeg[^4..]);
    }

    [Fact]
    public void Loss_mid_frame_drops_it_and_the_next_frame_decodes()
    {
        var d = new MjpegDepacketizer();
        var packets = Frame("gstreamer-q255-f0", 8);
        for (int i = 0; i < packets.Length; i++)
        {
            if (i == 3) continue;
            d.Push(packets[i], packets[i].Timestamp, lossBefore: i == 4, _out);
        }
        Assert.Empty(_out);
        Assert.Equal(1, d.UnitsDroppedForLoss);
        PushAll(d, packets);
        Assert.Single(_out);
    }

    [Fact]
    public void Offset_gap_without_loss_flag_is_caught_by_the_fragment_offset()
    {
        var d = new MjpegDepacketizer();
        var packets = Frame("ffmpeg-q255-f0", 9);
        PushAll(d, packets.Where((_, i) => i != 5));
        Assert.Empty(_out);
        Assert.Equal(1, d.UnitsDroppedForLoss);
    }

    [Fact]
    public void Frame_cut_short_by_a_new_timestamp_is_dropped()
    {
        var d = new MjpegDepacketizer();
        d.Push(Jpeg(1, 100, false, 0, 1, 50, 2, 2, [1, 2, 3]), 100, false, _out);
        d.Push(Jpeg(2, 200, true, 0, 1, 50, 2, 2, [4, 5, 6]), 200, false, _out);
        var unit = Assert.Single(_out);
        Assert.Equal(200, unit.Timestamp);
        Assert.Equal([4, 5, 6, 0xFF, 0xD9], unit.Payload[^5..]);
        Assert.Equal(1, d.UnitsDroppedForLoss);
    }

    [Fact]
    public void Length_zero_reuses_the_tables_last_sent_with_that_q()
    {
        var d = new MjpegDepacketizer();
        var table = Enumerable.Range(1, 128).Select(i => (byte)i).ToArray();
        d.Push(Jpeg(1, 100, true, 0, 0, 200, 2, 2, [0, 0, 0, 128, .. table, 0x11]), 100, false, _out);
        d.Push(Jpeg(2, 200, true, 0, 0, 200, 2, 2, [0, 0, 0, 0, 0x22]), 200, false, _out);
        Assert.Equal(2, _out.Count);
        var second = Segments(_out[1].Payload)[0xDB];
        Assert.Equal(table[..64], second[0][5..]);
        Assert.Equal(table[64..], second[1][5..]);
        Assert.Equal([0x22, 0xFF, 0xD9], _out[1].Payload[^3..]);
    }

    [Theory]
    [InlineData("reserved-q100.bin")]
    [InlineData("type2.bin")]
    [InlineData("qtable-past-end.bin")]
    [InlineData("qtable-length0-unseen.bin")]
    [InlineData("zero-width.bin")]
    public void Malformed_packets_are_counted(string file)
    {
        var d = new MjpegDepacketizer();
        d.Push(RtpTestPackets.CorpusPacket("mjpeg-rtp", file), 0, false, _out);
        Assert.Empty(_out);
        Assert.Equal(1, d.PacketsMalformed);
    }

    [Fact]
    public void Oversize_frame_is_dropped()
    {
        var d = new MjpegDepacketizer(maxUnitSize: 4000);
        PushAll(d, Frame("gstreamer-q255-f0", 8));
        Assert.Empty(_out);
        Assert.Equal(1, d.UnitsDroppedOversize);
    }
}
