using Nvr.Media.Rtp;

namespace Nvr.Media.Codecs.G711;

/// <summary>
/// Depacketizes G.711 audio (RFC 3551 §4.5.14: PCMU, static payload type 0; PCMA, type 8;
/// also dynamic types with rtpmap PCMU/PCMA). One octet per sample, 8000 Hz unless the rtpmap
/// says otherwise; each packet's payload is one unit stamped with the packet timestamp.
/// </summary>
/// <remarks>
/// G.711 has no frames, so a lost packet loses nothing but itself: there is no state and
/// <c>lossBefore</c> is ignored. Empty payloads are counted as malformed.
/// </remarks>
public sealed class G711Depacketizer : RtpDepacketizer
{
    public const byte PayloadTypePcmu = 0;
    public const byte PayloadTypePcma = 8;
    /// <summary>One second of 8 kHz audio; cameras send 20-40 ms per packet.</summary>
    public const int DefaultMaxG711UnitSize = 8000;

    public G711Depacketizer(MediaCodec codec, int maxUnitSize = DefaultMaxG711UnitSize)
        : base(maxUnitSize)
    {
        if (codec is not (MediaCodec.Pcmu or MediaCodec.Pcma)) throw new ArgumentException("G.711 is PCMU or PCMA", nameof(codec));
        Codec = codec;
    }

    public MediaCodec Codec { get; }

    public override void Push(in RtpPacket packet, long timestamp, bool lossBefore, List<DepacketizedUnit> output)
    {
        var payload = packet.Payload.Span;
        if (payload.IsEmpty)
        {
            PacketsMalformed++;
            return;
        }
        if (payload.Length > MaxUnitSize)
        {
            UnitsDroppedOversize++;
            return;
        }
        output.Add(new DepacketizedUnit(timestamp, true, payload.ToArray()));
    }
}
