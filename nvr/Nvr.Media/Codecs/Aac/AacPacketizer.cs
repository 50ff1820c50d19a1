namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// MPEG-4 AAC RTP packetizer, RFC 3640 mode AAC-hbr (§3.3.6): one access unit per packet, with an
/// AU header section of one 16-bit AU header (AU-size 13 bits, AU-Index 3 bits = 0). An AU that
/// does not fit <see cref="MaxPayloadSize"/> is fragmented (§3.2.3): every fragment repeats the AU
/// header with the size of the whole AU.
/// </summary>
/// <remarks>
/// <code>
/// +----------------------------+----------------------------+-------------------------+
/// | AU-headers-length = 16 (16)| AU-size (13) | AU-Index (3) | AU data (or a fragment) |
/// +----------------------------+----------------------------+-------------------------+
/// </code>
/// Produces RTP payloads only. The caller stamps every payload of an AU with the AU's timestamp
/// and sets the marker bit on the last one: §3.2.3 sets M on a packet that ends an AU, which for
/// an unfragmented AU is its only packet. The fmtp this matches is what
/// <see cref="Sdp.SdpWriter"/> writes: <c>mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3</c>.
/// One AU per packet rather than several: a 20-40 ms AAC frame is small, but bundling frames
/// would add their duration to the latency of every viewer. Stateless and thread-safe.
/// </remarks>
public sealed class AacPacketizer
{
    /// <summary>Default RTP payload budget, as for video (see <see cref="H264.H264Packetizer.DefaultMaxPayloadSize"/>).</summary>
    public const int DefaultMaxPayloadSize = 1200;

    /// <summary>The largest AU a 13-bit AU-size can describe.</summary>
    public const int MaxAccessUnitSize = (1 << 13) - 1;

    private const int HeaderSectionSize = 4;

    /// <param name="maxPayloadSize">Largest RTP payload produced, at least 5 bytes (header section + 1 data byte).</param>
    public AacPacketizer(int maxPayloadSize = DefaultMaxPayloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, HeaderSectionSize + 1);
        MaxPayloadSize = maxPayloadSize;
    }

    public int MaxPayloadSize { get; }

    /// <summary>
    /// Packetizes one raw AAC access unit (no ADTS header). Returns false, adding nothing, when the
    /// AU is empty or larger than <see cref="MaxAccessUnitSize"/>.
    /// </summary>
    public bool Packetize(ReadOnlySpan<byte> accessUnit, List<byte[]> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        if (accessUnit.IsEmpty || accessUnit.Length > MaxAccessUnitSize) return false;
        int chunk = MaxPayloadSize - HeaderSectionSize;
        for (int offset = 0; offset < accessUnit.Length; offset += chunk)
        {
            int length = Math.Min(chunk, accessUnit.Length - offset);
            var payload = new byte[HeaderSectionSize + length];
            payload[0] = 0;
            payload[1] = 16; // AU-headers-length in bits: one 16-bit AU header
            payload[2] = (byte)(accessUnit.Length >> 5);
            payload[3] = (byte)((accessUnit.Length & 0x1F) << 3); // AU-Index = 0
            accessUnit.Slice(offset, length).CopyTo(payload.AsSpan(HeaderSectionSize));
            payloads.Add(payload);
        }
        return true;
    }
}
