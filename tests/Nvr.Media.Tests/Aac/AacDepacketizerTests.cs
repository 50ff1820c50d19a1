using Nvr.Media.Codecs.Aac;
using Nvr.Media.Rtp;
using Nvr.Media.Tests.Rtp;

namespace Nvr.Media.Tests.Aac;

public class AacDepacketizerTests
{
    private readonly List<DepacketizedUnit> _out = [];

    private static AudioSpecificConfig Config(string hex = "1190")
    {
        Assert.True(AudioSpecificConfig.TryParse(Convert.FromHexString(hex), out var c));
        return c!;
    }

    /// <summary>AAC-hbr payload: 16-bit AU headers (13-bit size, 3-bit index/delta 0), then the AUs.</summary>
    private static RtpPacket Hbr(ushort seq, uint ts, bool marker, int headerSizeOverride, params byte[][] aus)
    {
        var payload = new List<byte> { (byte)(aus.Length * 16 >> 8), (byte)(aus.Length * 16) };
        foreach (var au in aus)
        {
            int size = headerSizeOverride > 0 ? headerSizeOverride : au.Length;
            payload.Add((byte)(size >> 5));
            payload.Add((byte)(size << 3));
        }
        foreach (var au in aus) payload.AddRange(au);
        return RtpTestPackets.Packet(seq, ts, marker: marker, payloadType: 97, payload: payload.ToArray());
    }

    private static byte[] Au(int size, byte fill) => Enumerable.Repeat(fill, size).ToArray();

    private void Push(RtpDepacketizer d, RtpPacket p, bool lossBefore = false, long? timestamp = null)
        => d.Push(p, timestamp ?? p.Timestamp, lossBefore, _out);

    [Fact]
    public void Ffmpeg_packet_with_four_aus_gets_one_timestamp_per_frame()
    {
        var d = new AacDepacketizer(Config("119056E500"), 48000);
        var p = RtpTestPackets.CorpusPacket("aac-rtp", "ffmpeg-hbr-multi-0.bin");
        Push(d, p, timestamp: 1_000_000);
        Assert.Equal([288, 363, 310, 304], _out.Select(u => u.Payload.Length));
        Assert.Equal([1_000_000L, 1_001_024, 1_002_048, 1_003_072], _out.Select(u => u.Timestamp));
        Assert.All(_out, u => Assert.True(u.IsKeyframe));
        // The AUs are the data section sliced in order: the first starts where the headers end.
        Assert.Equal(p.Payload.Span.Slice(2 + 8, 288).ToArray(), _out[0].Payload);
        Assert.Equal(p.Payload.Span[^304..].ToArray(), _out[3].Payload);
    }

    [Fact]
    public void Consecutive_ffmpeg_packets_give_contiguous_frames()
    {
        var d = new AacDepacketizer(Config("119056E500"), 48000);
        var unwrap = new RtpTimestampUnwrapper();
        for (int i = 0; i < 4; i++)
        {
            var p = RtpTestPackets.CorpusPacket("aac-rtp", $"ffmpeg-hbr-multi-{i}.bin");
            Push(d, p, timestamp: unwrap.Unwrap(p.Timestamp));
        }
        Assert.Equal(15, _out.Count); // 4 + 4 + 4 + 3
        for (int i = 1; i < _out.Count; i++) Assert.Equal(1024, _out[i].Timestamp - _out[i - 1].Timestamp);
        Assert.Equal(0, d.PacketsMalformed);
    }

    [Fact]
    public void Ffmpeg_fragmented_au_is_reassembled()
    {
        var d = new AacDepacketizer(Config("119056E500"), 48000);
        var parts = Enumerable.Range(0, 3).Select(i => RtpTestPackets.CorpusPacket("aac-rtp", $"ffmpeg-hbr-frag-{i}.bin")).ToArray();
        Push(d, parts[0]);
        Push(d, parts[1]);
        Assert.Empty(_out);
        Push(d, parts[2]);
        var unit = Assert.Single(_out);
        Assert.Equal(720, unit.Payload.Length);
        Assert.Equal(parts[0].Timestamp, unit.Timestamp);
        var expected = parts.SelectMany(p => p.Payload.Span[4..].ToArray()).ToArray(); // each: 2 + one 2-byte header
        Assert.Equal(expected, unit.Payload);
        Assert.Equal(0, d.UnitsDroppedForLoss);
    }

    [Fact]
    public void Loss_mid_fragment_drops_the_au_once_and_the_stream_recovers()
    {
        var d = new AacDepacketizer(Config("119056E500"), 48000);
        Push(d, RtpTestPackets.CorpusPacket("aac-rtp", "ffmpeg-hbr-frag-0.bin"));
        Push(d, RtpTestPackets.CorpusPacket("aac-rtp", "ffmpeg-hbr-frag-2.bin"), lossBefore: true);
        Assert.Empty(_out);
        Assert.Equal(1, d.UnitsDroppedForLoss);
        Push(d, Hbr(3, 9000, true, 0, Au(100, 1)));
        Assert.Equal(100, Assert.Single(_out).Payload.Length);
    }

    [Fact]
    public void Joining_mid_au_never_emits_a_partial_frame()
    {
        var d = new AacDepacketizer(Config("119056E500"), 48000);
        Push(d, RtpTestPackets.CorpusPacket("aac-rtp", "ffmpeg-hbr-frag-1.bin"), lossBefore: true);
        Push(d, RtpTestPackets.CorpusPacket("aac-rtp", "ffmpeg-hbr-frag-2.bin"));
        Assert.Empty(_out);
        Assert.Equal(1, d.UnitsDroppedForLoss);
    }

    [Fact]
    public void Fragment_abandoned_when_the_next_au_starts()
    {
        var d = new AacDepacketizer(Config(), 48000);
        Push(d, Hbr(1, 1000, false, 300, Au(200, 7)));
        Push(d, Hbr(2, 2024, true, 0, Au(50, 8), Au(60, 9)));
        Assert.Equal([50, 60], _out.Select(u => u.Payload.Length));
        Assert.Equal(1, d.UnitsDroppedForLoss);
    }

    [Fact]
    public void Fragments_adding_up_to_more_than_au_size_are_malformed()
    {
        var d = new AacDepacketizer(Config(), 48000);
        Push(d, Hbr(1, 1000, false, 300, Au(200, 7)));
        Push(d, Hbr(2, 1000, true, 300, Au(150, 7)));
        Assert.Empty(_out);
        Assert.Equal(1, d.PacketsMalformed);
    }

    [Fact]
    public void Fragment_completes_by_size_even_without_the_marker()
    {
        var d = new AacDepacketizer(Config(), 48000);
        Push(d, Hbr(1, 1000, false, 300, Au(200, 7)));
        Push(d, Hbr(2, 1000, false, 300, Au(100, 8)));
        var unit = Assert.Single(_out);
        Assert.Equal(Au(200, 7).Concat(Au(100, 8)), unit.Payload);
    }

    [Fact]
    public void Oversize_aus_are_dropped_and_counted()
    {
        var d = new AacDepacketizer(Config(), 48000, maxUnitSize: 256);
        Push(d, Hbr(1, 0, true, 0, Au(300, 1), Au(20, 2)));
        Assert.Equal(20, Assert.Single(_out).Payload.Length);
        Push(d, Hbr(2, 2048, false, 1000, Au(200, 1)));
        Assert.Equal(2, d.UnitsDroppedOversize);
    }

    [Theory]
    [InlineData("headers-length-huge.bin")]
    [InlineData("headers-length-zero.bin")]
    [InlineData("au-size-zero.bin")]
    [InlineData("au-past-end-multi.bin")]
    public void Malformed_packets_are_counted_not_thrown(string file)
    {
        var d = new AacDepacketizer(Config(), 48000);
        Push(d, RtpTestPackets.CorpusPacket("aac-rtp", file));
        Assert.Empty(_out);
        Assert.Equal(1, d.PacketsMalformed);
    }

    [Fact]
    public void Index_delta_spaces_the_timestamps()
    {
        // Two AUs, the second with AU-Index-delta 1: it is two frames after the first.
        byte[] payload = [0x00, 0x20, 0x00, 0x18, 0x00, 0x19, 1, 2, 3, 4, 5, 6];
        var d = new AacDepacketizer(Config(), 48000);
        Push(d, RtpTestPackets.Packet(1, 5000, marker: true, payload: payload));
        Assert.Equal([5000L, 5000 + 2048], _out.Select(u => u.Timestamp));
        Assert.Equal([1, 2, 3], _out[0].Payload);
    }

    [Fact]
    public void Aac_lbr_layout_and_cts_delta()
    {
        var parameters = new Mpeg4GenericParameters { SizeLength = 6, IndexLength = 2, IndexDeltaLength = 2, CtsDeltaLength = 8 };
        // Header 1: size 2, index 0, CTS-flag 0                    = 000010 00 0          (9 bits)
        // Header 2: size 1, delta 0, CTS-flag 1, CTS-delta −16     = 000001 00 1 11110000 (17 bits)
        // AU-headers-length 26 = 0x001A; the 26 bits padded to 4 bytes: 08 02 7C 00
        byte[] payload = [0x00, 0x1A, 0b0000_1000, 0b0000_0010, 0b0111_1100, 0b0000_0000, 0xAA, 0xBB, 0xCC];
        var d = new AacDepacketizer(Config(), 48000, parameters);
        Push(d, RtpTestPackets.Packet(1, 10_000, marker: true, payload: payload));
        Assert.Equal([10_000L, 10_000 - 16], _out.Select(u => u.Timestamp));
        Assert.Equal([0xAA, 0xBB], _out[0].Payload);
        Assert.Equal([0xCC], _out[1].Payload);
    }

    [Fact]
    public void He_aac_clock_at_the_output_rate_doubles_the_frame_duration()
    {
        Assert.Equal(2048, new AacDepacketizer(Config("2B118800"), 48000).SamplesPerUnit);
        Assert.Equal(1024, new AacDepacketizer(Config("2B118800"), 24000).SamplesPerUnit);
        Assert.Equal(960, new AacDepacketizer(Config("1194"), 48000).SamplesPerUnit);
    }

    [Fact]
    public void Adts_wrapped_aus_form_a_valid_adts_stream()
    {
        var config = Config("119056E500");
        var d = new AacDepacketizer(config, 48000);
        for (int i = 0; i < 4; i++) Push(d, RtpTestPackets.CorpusPacket("aac-rtp", $"ffmpeg-hbr-multi-{i}.bin"));
        var adts = new List<byte>();
        foreach (var unit in _out)
        {
            var header = new byte[AdtsHeader.Size];
            Assert.True(AdtsHeader.TryWrite(header, config, unit.Payload.Length));
            adts.AddRange(header);
            adts.AddRange(unit.Payload);
        }
        // Walk the frames by their own lengths: every frame must start on a sync word.
        var bytes = adts.ToArray();
        int offset = 0, frames = 0;
        while (offset < bytes.Length)
        {
            Assert.True(AdtsHeader.TryRead(bytes.AsSpan(offset), out _, out _, out _, out int length, out _));
            offset += length;
            frames++;
        }
        Assert.Equal(bytes.Length, offset);
        Assert.Equal(15, frames);
    }
}
