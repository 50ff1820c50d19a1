using System.Buffers.Binary;

namespace Nvr.Media.Codecs.H264;

/// <summary>
/// H.264 RTP depacketizer for packetization-mode 0 and 1 (RFC 6184 §6.2, §6.3): single NAL unit
/// packets, STAP-A and FU-A. STAP-B, MTAP16/24 and FU-B belong to the interleaved mode, which Nvr
/// does not negotiate: such packets are counted as malformed. Access-unit rules are those of
/// <see cref="NalUnitDepacketizer"/>; a keyframe is an access unit holding an IDR slice.
/// </summary>
/// <remarks>
/// <code>
///  Single NAL unit (§5.6)       STAP-A (§5.7.1)                     FU-A (§5.8)
///  +----------+--------+        +----------+------+-------+-----    +-------------+----------+--------+
///  | F|NRI|1-23| payload|       | F|NRI|24 | size | NAL 1 | ...     | F|NRI|28    | S|E|R|Type| data … |
///  +----------+--------+        +----------+ u16  +-------+-----    +-------------+----------+--------+
///                                                                    FU indicator  FU header
/// </code>
/// The NAL unit of an FU-A is rebuilt as header = (indicator &amp; 0xE0) | (FU header &amp; 0x1F),
/// followed by the fragments' data. A packet with the forbidden bit (F) set is malformed (§5.3).
/// An FU with both S and E set (forbidden by §5.8) carries a whole NAL unit unambiguously and is
/// accepted as such.
/// </remarks>
public sealed class H264Depacketizer : NalUnitDepacketizer
{
    /// <param name="sps">SPS from the SDP (sprop-parameter-sets), if any: raw NAL unit.</param>
    /// <param name="pps">PPS from the SDP, if any.</param>
    /// <param name="maxUnitSize">Largest access unit accepted (length-prefixed bytes).</param>
    public H264Depacketizer(byte[]? sps = null, byte[]? pps = null, int maxUnitSize = DefaultMaxUnitSize)
        : base(maxUnitSize, null, sps, pps)
    {
    }

    /// <summary>The SPS of the last emitted unit that carried one, else the one from the constructor.</summary>
    public byte[]? CurrentSps => CurrentParameterSet(NalUnitKind.Sps);

    /// <summary>The PPS of the last emitted unit that carried one, else the one from the constructor.</summary>
    public byte[]? CurrentPps => CurrentParameterSet(NalUnitKind.Pps);

    private protected override void ProcessPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0)
        {
            RejectPacket();
            return;
        }
        var type = H264NalUnit.TypeOf(payload[0]);
        switch (type)
        {
            case >= H264NalUnitType.NonIdrSlice and <= (H264NalUnitType)23:
                AppendNalUnit(payload);
                break;
            case H264NalUnitType.StapA:
                ProcessStapA(payload);
                break;
            case H264NalUnitType.FuA:
                ProcessFuA(payload);
                break;
            default: // 0, 30, 31 undefined; STAP-B, MTAP16, MTAP24, FU-B: interleaved mode only
                RejectPacket();
                break;
        }
    }

    private protected override NalUnitKind Classify(ReadOnlySpan<byte> nalUnit)
    {
        var type = H264NalUnit.TypeOf(nalUnit);
        // §7.4.1.2.3: an AUD is the first NAL unit of an access unit and SEI precede the primary
        // coded picture, so after a slice either starts the next access unit. (SPS/PPS may sit
        // between slices of one picture: they do not split.)
        return type switch
        {
            H264NalUnitType.AccessUnitDelimiter => NalUnitKind.Dropped.StartingAccessUnit(),
            H264NalUnitType.Sps => NalUnitKind.ParameterSet(NalUnitKind.Sps),
            H264NalUnitType.Pps => NalUnitKind.ParameterSet(NalUnitKind.Pps),
            H264NalUnitType.Sei => NalUnitKind.Other.StartingAccessUnit(),
            >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice =>
                NalUnitKind.Slice(type == H264NalUnitType.IdrSlice, H264NalUnit.IsFirstSliceInPicture(nalUnit)),
            _ => NalUnitKind.Other,
        };
    }

    /// <summary>STAP-A: header byte, then { u16 size, NAL unit } until the end. Validated whole before use.</summary>
    private void ProcessStapA(ReadOnlySpan<byte> payload)
    {
        if (!IsValidAggregation(payload[1..]))
        {
            RejectPacket();
            return;
        }
        int offset = 1;
        while (offset < payload.Length)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            if (!AppendNalUnit(payload.Slice(offset + 2, size))) return;
            offset += 2 + size;
        }
    }

    private static bool IsValidAggregation(ReadOnlySpan<byte> units)
    {
        if (units.IsEmpty) return false;
        int offset = 0;
        while (offset < units.Length)
        {
            if (units.Length - offset < 2) return false;
            int size = BinaryPrimitives.ReadUInt16BigEndian(units[offset..]);
            offset += 2;
            if (size == 0 || size > units.Length - offset) return false;
            byte header = units[offset];
            int type = header & 0x1F;
            if ((header & 0x80) != 0 || type is 0 or > 23) return false;
            offset += size;
        }
        return true;
    }

    /// <summary>FU-A: indicator, FU header (S, E, R, type), fragment data.</summary>
    private void ProcessFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            RejectPacket();
            return;
        }
        byte indicator = payload[0];
        byte fuHeader = payload[1];
        bool start = (fuHeader & 0x80) != 0;
        bool end = (fuHeader & 0x40) != 0;
        int nalType = fuHeader & 0x1F;
        if (nalType is 0 or > 23)
        {
            RejectPacket();
            return;
        }
        var data = payload[2..];
        if (start)
        {
            ReadOnlySpan<byte> header = [(byte)((indicator & 0xE0) | nalType)];
            BeginFragment(nalType, header, data, end);
        }
        else
        {
            ContinueFragment(nalType, data, end);
        }
    }
}
