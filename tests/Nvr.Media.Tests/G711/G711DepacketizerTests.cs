using Nvr.Media.Codecs.G711;
using Nvr.Media.Rtp;
using Nvr.Media.Tests.Rtp;

namespace Nvr.Media.Tests.G711;

public class G711DepacketizerTests
{
    [Fact]
    public void Each_gstreamer_pcmu_packet_is_one_keyframe_unit()
    {
        var d = new G711Depacketizer(MediaCodec.Pcmu);
        var output = new List<DepacketizedUnit>();
        var p1 = RtpTestPackets.CorpusPacket("rtp", "gstreamer-pcmu-1.bin");
        var p2 = RtpTestPackets.CorpusPacket("rtp", "gstreamer-pcmu-2.bin");
        Assert.Equal(G711Depacketizer.PayloadTypePcmu, p1.PayloadType);
        d.Push(p1, 1000, false, output);
        d.Push(p2, 1080, true, output); // loss changes nothing for G.711
        Assert.Equal(2, output.Count);
        Assert.Equal(p1.Payload.ToArray(), output[0].Payload);
        Assert.Equal(p2.Payload.ToArray(), output[1].Payload);
        Assert.Equal([1000L, 1080L], output.Select(u => u.Timestamp));
        Assert.All(output, u => Assert.True(u.IsKeyframe));
        Assert.Equal(80, output[0].Payload.Length); // 10 ms at 8 kHz
    }

    [Fact]
    public void Unit_does_not_alias_the_receive_buffer()
    {
        var buffer = new byte[] { 1, 2, 3, 4 };
        var d = new G711Depacketizer(MediaCodec.Pcma);
        var output = new List<DepacketizedUnit>();
        d.Push(RtpTestPackets.Packet(1, payloadType: G711Depacketizer.PayloadTypePcma, payload: buffer), 0, false, output);
        buffer[0] = 99;
        Assert.Equal([1, 2, 3, 4], output[0].Payload);
    }

    [Fact]
    public void Empty_and_oversize_payloads_are_counted()
    {
        var d = new G711Depacketizer(MediaCodec.Pcma, maxUnitSize: 160);
        var output = new List<DepacketizedUnit>();
        d.Push(RtpTestPackets.Packet(1, payload: []), 0, false, output);
        d.Push(RtpTestPackets.Packet(2, payload: new byte[161]), 0, false, output);
        d.Push(RtpTestPackets.Packet(3, payload: new byte[160]), 0, false, output);
        Assert.Single(output);
        Assert.Equal(1, d.PacketsMalformed);
        Assert.Equal(1, d.UnitsDroppedOversize);
    }

    [Fact]
    public void Only_g711_codecs_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => new G711Depacketizer(MediaCodec.Aac));
    }
}
