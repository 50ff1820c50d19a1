using System.Buffers.Binary;

namespace Nvr.Media.Codecs.H265;

/// <summary>
/// H.265 RTP depacketizer (RFC 7798 §4.4): single NAL unit packets, aggregation packets (AP, type
/// 48) and fragmentation units (FU, type 49). PACI packets (type 50) and the other unspecified
/// types 51–63 are counted as malformed. Access-unit rules are those of
/// <see cref="NalUnitDepacketizer"/>; a keyframe is an access unit holding an IRAP slice (types 16–23).
/// </summary>
/// <remarks>
/// <para>
/// DONL/DOND fields are not supported: the stream is assumed to use sprop-max-don-diff = 0 (the
/// default, and what every camera seen sends), so APs and FUs carry no decoding order numbers
/// (§4.4.2, §4.4.3). A session whose SDP says otherwise should not be fed to this class.
/// </para>
/// <code>
///  Single NAL unit (§4.4.1)   AP (§4.4.2)                                FU (§4.4.3)
///  +----------------+-----+   +----------------+-------+-------+-----    +----------------+---------+------+
///  | NAL hdr (2 B)  | ... |   | PayloadHdr=48  | size  | NAL 1 | ...     | PayloadHdr=49  |S|E|Type | data |
///  +----------------+-----+   +----------------+  u16  +-------+-----    +----------------+---------+------+
/// </code>
/// The NAL unit of an FU is rebuilt as header = (PayloadHdr[0] &amp; 0x81) | (FuType &lt;&lt; 1),
/// PayloadHdr[1], followed by the fragments' data. A packet with the forbidden bit set or with
/// nuh_temporal_id_plus1 = 0 is malformed.
/// </remarks>
public sealed class H265Depacketizer : NalUnitDepacketizer
{
    /// <param name="vps">VPS from the SDP (sprop-vps), if any: raw NAL unit.</param>
    /// <param name="sps">SPS from the SDP (sprop-sps), if any.</param>
    /// <param name="pps">PPS from the SDP (sprop-pps), if any.</param>
    /// <param name="maxUnitSize">Largest access unit accepted (length-prefixed bytes).</param>
    public H265Depacketizer(byte[]? vps = null, byte[]? sps = null, byte[]? pps = null, int maxUnitSize = DefaultMaxUnitSize)
        : base(maxUnitSize, vps, sps, pps)
    {
    }

    public byte[]? CurrentVps => CurrentParameterSet(NalUnitKind.Vps);
    public byte[]? CurrentSps => CurrentParameterSet(NalUnitKind.Sps);
    public byte[]? CurrentPps => CurrentParameterSet(NalUnitKind.Pps);

    private protected override void ProcessPayload(ReadOnlySpan<byte> payload)
    {
        if (!IsValidHeader(payload))
        {
            RejectPacket();
            return;
        }
        var type = H265NalUnit.TypeOf(payload[0]);
        switch (type)
        {
            case H265NalUnitType.AggregationPacket:
                ProcessAggregationPacket(payload);
                break;
            case H265NalUnitType.FragmentationUnit:
                ProcessFragmentationUnit(payload);
                break;
            case > H265NalUnitType.FragmentationUnit: // PACI (50) and unspecified 51–63
                RejectPacket();
                break;
            default:
                AppendNalUnit(payload);
                break;
        }
    }

    private protected override NalUnitKind Classify(ReadOnlySpan<byte> nalUnit)
    {
        var type = H265NalUnit.TypeOf(nalUnit);
        return type switch
        {
            // §7.4.2.4.4: an AUD is the first NAL unit of an access unit. (Parameter sets and
            // prefix SEI may sit between slices of one access unit in H.265, so they do not split.)
            H265NalUnitType.AccessUnitDelimiter => NalUnitKind.Dropped.StartingAccessUnit(),
            H265NalUnitType.Vps => NalUnitKind.ParameterSet(NalUnitKind.Vps),
            H265NalUnitType.Sps => NalUnitKind.ParameterSet(NalUnitKind.Sps),
            H265NalUnitType.Pps => NalUnitKind.ParameterSet(NalUnitKind.Pps),
            < (H265NalUnitType)32 => NalUnitKind.Slice(H265NalUnit.IsIrap(type), H265NalUnit.IsFirstSliceInPicture(nalUnit)),
            _ => NalUnitKind.Other,
        };
    }

    private static bool IsValidHeader(ReadOnlySpan<byte> nal)
        => nal.Length >= H265NalUnit.HeaderSize && (nal[0] & 0x80) == 0 && (nal[1] & 7) != 0;

    /// <summary>AP: PayloadHdr, then { u16 size, NAL unit } until the end. Validated whole before use.</summary>
    private void ProcessAggregationPacket(ReadOnlySpan<byte> payload)
    {
        var units = payload[2..];
        bool valid = !units.IsEmpty;
        int offset = 0;
        while (valid && offset < units.Length)
        {
            if (units.Length - offset < 2)
            {
                valid = false;
                break;
            }
            int size = BinaryPrimitives.ReadUInt16BigEndian(units[offset..]);
            offset += 2;
            if (size > units.Length - offset) valid = false;
            else
            {
                var nal = units.Slice(offset, size);
                valid = IsValidHeader(nal) && (byte)H265NalUnit.TypeOf(nal) < (byte)H265NalUnitType.AggregationPacket;
                offset += size;
            }
        }
        if (!valid)
        {
            RejectPacket();
            return;
        }
        offset = 0;
        while (offset < units.Length)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(units[offset..]);
            if (!AppendNalUnit(units.Slice(offset + 2, size))) return;
            offset += 2 + size;
        }
    }

    /// <summary>FU: PayloadHdr (2 bytes), FU header (S, E, FuType), fragment data.</summary>
    private void ProcessFragmentationUnit(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            RejectPacket();
            return;
        }
        byte fuHeader = payload[2];
        bool start = (fuHeader & 0x80) != 0;
        bool end = (fuHeader & 0x40) != 0;
        int nalType = fuHeader & 0x3F;
        if (nalType >= (int)H265NalUnitType.AggregationPacket)
        {
            RejectPacket();
            return;
        }
        var data = payload[3..];
        if (start)
        {
            ReadOnlySpan<byte> header = [(byte)((payload[0] & 0x81) | (nalType << 1)), payload[1]];
            BeginFragment(nalType, header, data, end);
        }
        else
        {
            ContinueFragment(nalType, data, end);
        }
    }
}
