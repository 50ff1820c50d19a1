using System.Security.Cryptography;
using Nvr.Rtmp.Handshake;

namespace Nvr.Rtmp.Tests;

public class RtmpHandshakeTests
{
    private static readonly byte[] FlashPlayerKey = "Genuine Adobe Flash Player 001"u8.ToArray();
    private static readonly byte[] FlashMediaServerKey = "Genuine Adobe Flash Media Server 001"u8.ToArray();

    private static byte[] Seed(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "rtmp-handshake", name));

    [Fact]
    public void Ffmpeg_digest_c1_gets_a_digest_s1_and_s2()
    {
        var c0c1 = Seed("ffmpeg-digest-c0c1.bin"); // captured from ffmpeg 5.1
        var s = new byte[RtmpServerHandshake.S0S1S2Size];

        var result = RtmpServerHandshake.ProcessC0C1(c0c1, s, 1234);

        Assert.Equal(RtmpHandshakeResult.Complex, result);
        var c1 = c0c1.AsSpan(1);
        var scheme = RtmpServerHandshake.FindDigestScheme(c1, FlashPlayerKey);
        Assert.Equal(1, scheme); // FFmpeg puts its digest in the first block
        var s1 = s.AsSpan(1, 1536);
        Assert.Equal(3, s[0]);
        Assert.NotEqual(0, s1[4]);
        Assert.Equal(scheme, RtmpServerHandshake.FindDigestScheme(s1, FlashMediaServerKey));
        var clientDigest = c1.Slice(RtmpServerHandshake.DigestOffset(c1, scheme), 32);
        Assert.True(RtmpServerHandshake.VerifyS2(s.AsSpan(1 + 1536), clientDigest));
    }

    [Fact]
    public void Librtmp_simple_c1_gets_an_echo()
    {
        var c0c1 = Seed("librtmp-simple-c0c1.bin"); // captured from GStreamer rtmpsrc (librtmp)
        var s = new byte[RtmpServerHandshake.S0S1S2Size];

        Assert.Equal(RtmpHandshakeResult.Simple, RtmpServerHandshake.ProcessC0C1(c0c1, s, 99));

        Assert.Equal(0u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(s.AsSpan(5))); // S1 zero field: "do not verify"
        Assert.Equal(c0c1.AsSpan(9).ToArray(), s.AsSpan(1 + 1536 + 8).ToArray()); // S2 echoes C1's random
        Assert.Equal(c0c1.AsSpan(1, 4).ToArray(), s.AsSpan(1 + 1536, 4).ToArray());
    }

    [Fact]
    public void Non_zero_version_without_a_valid_digest_is_answered_simply()
    {
        var c0c1 = new byte[RtmpServerHandshake.C0C1Size];
        c0c1[0] = 3;
        RandomNumberGenerator.Fill(c0c1.AsSpan(9));
        c0c1[5] = 9; // claims Flash Player 9 but carries no digest
        Assert.Equal(RtmpHandshakeResult.Simple, RtmpServerHandshake.ProcessC0C1(c0c1, new byte[RtmpServerHandshake.S0S1S2Size], 0));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(0)]
    public void Other_versions_are_unsupported(byte version)
    {
        var c0c1 = new byte[RtmpServerHandshake.C0C1Size];
        c0c1[0] = version;
        Assert.Equal(RtmpHandshakeResult.UnsupportedVersion, RtmpServerHandshake.ProcessC0C1(c0c1, new byte[RtmpServerHandshake.S0S1S2Size], 0));
    }
}
