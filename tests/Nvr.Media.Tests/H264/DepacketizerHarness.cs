using System.Buffers.Binary;
using Nvr.Media.Codecs;
using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.H264;

/// <summary>Feeds hand-made RTP payloads to a depacketizer and collects what comes out.</summary>
internal sealed class DepacketizerHarness(RtpDepacketizer depacketizer)
{
    private ushort _sequence = 1000;

    public List<DepacketizedUnit> Units { get; } = [];

    public RtpDepacketizer Depacketizer => depacketizer;

    public void Push(string payloadHex, long timestamp, bool marker = false, bool lossBefore = false)
        => Push(Convert.FromHexString(payloadHex), timestamp, marker, lossBefore);

    public void Push(byte[] payload, long timestamp, bool marker = false, bool lossBefore = false)
    {
        var packet = new RtpPacket(96, marker, _sequence++, (uint)timestamp, 0x11223344, payload);
        depacketizer.Push(packet, timestamp, lossBefore, Units);
    }

    public void Flush() => depacketizer.Flush(Units);

    /// <summary>The NAL units of a length-prefixed payload, as hex.</summary>
    public static List<string> NalUnitsOf(DepacketizedUnit unit)
    {
        var result = new List<string>();
        var nals = new List<ReadOnlyMemory<byte>>();
        Assert.True(NalUnits.TrySplitLengthPrefixed(unit.Payload, nals));
        foreach (var nal in nals) result.Add(Convert.ToHexString(nal.Span));
        return result;
    }

    /// <summary>Builds a length-prefixed payload from hex NAL units.</summary>
    public static byte[] LengthPrefixed(params string[] nalHex)
    {
        var parts = nalHex.Select(Convert.FromHexString).ToArray();
        var result = new byte[parts.Sum(p => 4 + p.Length)];
        int offset = 0;
        foreach (var p in parts)
        {
            BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(offset), p.Length);
            p.CopyTo(result, offset + 4);
            offset += 4 + p.Length;
        }
        return result;
    }
}
