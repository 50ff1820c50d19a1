using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

/// <summary>Builders and file access shared by the RTP/RTCP/audio depacketizer tests.</summary>
internal static class RtpTestPackets
{
    public static RtpPacket Packet(ushort sequence, uint timestamp = 0, uint ssrc = 0x1234, bool marker = false, byte payloadType = 96, byte[]? payload = null)
        => new(payloadType, marker, sequence, timestamp, ssrc, payload ?? [(byte)sequence]);

    /// <summary>A seed file of one of the corpora, as a parsed RTP packet.</summary>
    public static RtpPacket CorpusPacket(string corpus, string file)
    {
        var bytes = CorpusFile(corpus, file);
        Assert.True(RtpPacket.TryParse(bytes, out var packet), $"{corpus}/{file} is not RTP");
        return packet;
    }

    public static byte[] CorpusFile(string corpus, string file)
        => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", corpus, file));
}
