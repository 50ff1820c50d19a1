using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Fact]
    public void Parses_csrc_extension_and_padding_and_strips_them_from_the_payload()
    {
        byte[] data =
        [
            0xB2, 0xE0, 0x12, 0x34, // V=2 P=1 X=1 CC=2, M=1 PT=96, seq 0x1234
            0x00, 0x01, 0x00, 0x02, // timestamp
            0xAA, 0xBB, 0xCC, 0xDD, // SSRC
            0, 0, 0, 1, 0, 0, 0, 2, // CSRC ×2
            0xBE, 0xDE, 0x00, 0x01, 0x10, 0xAA, 0x00, 0x00, // one-byte header extension, 1 word
            0x01, 0x02, 0x03, // payload
            0x00, 0x00, 0x03, // padding, count 3
        ];
        Assert.True(RtpPacket.TryParse(data, out var p));
        Assert.Equal(96, p.PayloadType);
        Assert.True(p.Marker);
        Assert.Equal(0x1234, p.SequenceNumber);
        Assert.Equal(0x00010002u, p.Timestamp);
        Assert.Equal(0xAABBCCDDu, p.Ssrc);
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Payload.ToArray());
    }

    [Fact]
    public void Parses_a_gstreamer_pcmu_packet()
    {
        var p = RtpTestPackets.CorpusPacket("rtp", "gstreamer-pcmu-1.bin");
        Assert.Equal(0, p.PayloadType);
        Assert.True(p.Marker); // first packet of a talkspurt (RFC 3551 §4.1)
        Assert.Equal(0x5842, p.SequenceNumber);
        Assert.Equal(0x8B68DB0Eu, p.Timestamp);
        Assert.Equal(0x207FAA4Cu, p.Ssrc);
        Assert.Equal(80, p.Payload.Length);
    }

    [Theory]
    [InlineData("truncated-11.bin")]
    [InlineData("version1.bin")]
    [InlineData("pad-too-large.bin")]
    [InlineData("ext-length-huge.bin")]
    [InlineData("csrc-past-end.bin")]
    public void Rejects_broken_headers(string file)
    {
        Assert.False(RtpPacket.TryParse(RtpTestPackets.CorpusFile("rtp", file), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void Rejects_anything_shorter_than_the_fixed_header(int length)
    {
        var data = new byte[length];
        if (length > 0) data[0] = 0x80;
        Assert.False(RtpPacket.TryParse(data, out _));
    }

    [Fact]
    public void Rejects_padding_count_zero()
    {
        byte[] data = [0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x55, 0x00];
        Assert.False(RtpPacket.TryParse(data, out _));
    }

    [Fact]
    public void Header_only_packet_has_an_empty_payload()
    {
        Assert.True(RtpPacket.TryParse(RtpTestPackets.CorpusFile("rtp", "header-only.bin"), out var p));
        Assert.True(p.Payload.IsEmpty);
    }

    [Fact]
    public void Write_then_parse_round_trips()
    {
        var original = new RtpPacket(8, true, 65535, 0xFFFFFFFF, 0x01020304, new byte[] { 9, 8, 7 });
        var buffer = new byte[32];
        int n = original.WriteTo(buffer);
        Assert.Equal(15, n);
        Assert.True(RtpPacket.TryParse(buffer.AsMemory(0, n), out var parsed));
        Assert.Equal(original.PayloadType, parsed.PayloadType);
        Assert.Equal(original.Marker, parsed.Marker);
        Assert.Equal(original.SequenceNumber, parsed.SequenceNumber);
        Assert.Equal(original.Timestamp, parsed.Timestamp);
        Assert.Equal(original.Ssrc, parsed.Ssrc);
        Assert.Equal(original.Payload.ToArray(), parsed.Payload.ToArray());
    }
}
