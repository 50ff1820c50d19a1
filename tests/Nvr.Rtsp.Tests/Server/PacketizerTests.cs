using Nvr.Media;
using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.G711;
using Nvr.Media.Rtp;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>The server's audio packetizers (RFC 3640 AAC-hbr, RFC 3551 G.711) against the project's depacketizers.</summary>
public sealed class PacketizerTests
{
    [Theory]
    [InlineData(1, 1200)]      // one packet
    [InlineData(1196, 1200)]   // exactly fills a packet
    [InlineData(1197, 1200)]   // one byte over: fragmented
    [InlineData(3000, 1200)]   // three fragments
    [InlineData(8191, 1200)]   // largest AU-size
    [InlineData(300, 64)]      // tiny packets
    public void Aac_round_trips_through_the_depacketizer(int size, int maxPayload)
    {
        var au = new byte[size];
        new Random(size).NextBytes(au);
        var payloads = new List<byte[]>();
        Assert.True(new AacPacketizer(maxPayload).Packetize(au, payloads));
        Assert.Equal((size + maxPayload - 5) / (maxPayload - 4), payloads.Count);
        Assert.All(payloads, p => Assert.True(p.Length <= maxPayload));
        // Each payload starts with AU-headers-length 16 and AU-size = the whole AU (RFC 3640 §3.2.3).
        Assert.All(payloads, p => Assert.Equal(new byte[] { 0, 16, (byte)(size >> 5), (byte)((size & 0x1F) << 3) }, p[..4]));

        Assert.True(AudioSpecificConfig.TryParse([0x14, 0x08], out var config));
        var depacketizer = new AacDepacketizer(config!, 16000);
        var units = new List<DepacketizedUnit>();
        for (int i = 0; i < payloads.Count; i++)
        {
            var packet = new RtpPacket(97, i == payloads.Count - 1, (ushort)i, 5000, 1, payloads[i]);
            depacketizer.Push(packet, 5000, lossBefore: false, units);
        }
        var unit = Assert.Single(units);
        Assert.Equal(au, unit.Payload);
        Assert.Equal(5000, unit.Timestamp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8192)]
    public void Aac_refuses_what_13_bits_cannot_describe(int size)
    {
        var payloads = new List<byte[]>();
        Assert.False(new AacPacketizer().Packetize(new byte[size], payloads));
        Assert.Empty(payloads);
    }

    [Theory]
    [InlineData(160, 1, 1200, new[] { 160 })]
    [InlineData(2500, 1, 1200, new[] { 1200, 1200, 100 })]
    [InlineData(2500, 2, 1201, new[] { 1200, 1200, 100 })] // rounded down to whole stereo samples
    public void G711_splits_on_sample_boundaries_with_sample_offsets(int size, int channels, int maxPayload, int[] expected)
    {
        var samples = new byte[size];
        new Random(size).NextBytes(samples);
        var g711 = new G711Packetizer(channels, maxPayload);
        var payloads = new List<byte[]>();
        Assert.True(g711.Packetize(samples, payloads));
        Assert.Equal(expected, payloads.Select(p => p.Length));
        Assert.Equal(samples, payloads.SelectMany(p => p).ToArray());
        for (int i = 0; i < payloads.Count; i++) Assert.Equal(i * 1200 / channels, g711.SamplesBefore(i));

        var depacketizer = new G711Depacketizer(MediaCodec.Pcma);
        var units = new List<DepacketizedUnit>();
        for (int i = 0; i < payloads.Count; i++)
        {
            depacketizer.Push(new RtpPacket(8, false, (ushort)i, (uint)g711.SamplesBefore(i), 1, payloads[i]), g711.SamplesBefore(i), false, units);
        }
        Assert.Equal(payloads.Select(p => p), units.Select(u => u.Payload));
    }

    [Fact]
    public void G711_refuses_empty_or_partial_samples()
    {
        var payloads = new List<byte[]>();
        Assert.False(new G711Packetizer().Packetize([], payloads));
        Assert.False(new G711Packetizer(channels: 2).Packetize(new byte[3], payloads));
        Assert.Empty(payloads);
    }
}
