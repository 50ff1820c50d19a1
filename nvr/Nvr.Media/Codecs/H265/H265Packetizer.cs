namespace Nvr.Media.Codecs.H265;

/// <summary>
/// H.265 RTP packetizer (RFC 7798 §4.4) with sprop-max-don-diff = 0: a NAL unit that fits in
/// <see cref="MaxPayloadSize"/> goes into a single NAL unit packet (§4.4.1), consecutive small NAL
/// units are grouped into aggregation packets (§4.4.2) when <see cref="Aggregate"/> is on, and
/// larger NAL units are split into fragmentation units (§4.4.3).
/// </summary>
/// <remarks>
/// Produces RTP payloads only; the caller owns sequence numbers, the timestamp (one per access unit)
/// and sets the marker bit on the last payload of each access unit (§4.1). Layouts:
/// <code>
///  AP: [F=OR | Type=48 | LayerId=min | TID=min] { [size u16][NAL unit] } ×n
///  FU: [F | Type=49 | LayerId | TID] [S|E|FuType] [fragment]   header fields copied from the NAL unit
/// </code>
/// </remarks>
public sealed class H265Packetizer
{
    /// <summary>Default RTP payload budget; see <see cref="H264.H264Packetizer.DefaultMaxPayloadSize"/>.</summary>
    public const int DefaultMaxPayloadSize = 1200;

    /// <param name="maxPayloadSize">Largest RTP payload produced, at least 4 bytes.</param>
    /// <param name="aggregate">Group small consecutive NAL units into aggregation packets.</param>
    public H265Packetizer(int maxPayloadSize = DefaultMaxPayloadSize, bool aggregate = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 4);
        MaxPayloadSize = maxPayloadSize;
        Aggregate = aggregate;
    }

    public int MaxPayloadSize { get; }
    public bool Aggregate { get; }

    /// <summary>
    /// Packetizes one access unit given as length-prefixed NAL units (4-byte lengths). Returns
    /// false, adding nothing, when the length prefixes are malformed or a NAL unit is shorter than
    /// its two-byte header.
    /// </summary>
    public bool Packetize(ReadOnlySpan<byte> lengthPrefixedUnit, List<byte[]> payloads)
    {
        var nalUnits = new List<Range>();
        var reader = NalUnits.EnumerateLengthPrefixed(lengthPrefixedUnit);
        while (reader.MoveNext())
        {
            if (reader.Current.Length < H265NalUnit.HeaderSize) return false;
            nalUnits.Add(new Range(reader.CurrentOffset, reader.CurrentOffset + reader.Current.Length));
        }
        if (reader.IsMalformed) return false;

        int i = 0;
        while (i < nalUnits.Count)
        {
            int group = Aggregate ? CountAggregatable(nalUnits, i) : 1;
            if (group >= 2)
            {
                payloads.Add(BuildAggregationPacket(lengthPrefixedUnit, nalUnits, i, group));
                i += group;
                continue;
            }
            var nal = lengthPrefixedUnit[nalUnits[i]];
            if (nal.Length <= MaxPayloadSize) payloads.Add(nal.ToArray());
            else Fragment(nal, payloads);
            i++;
        }
        return true;
    }

    /// <summary>Packetizes one access unit given as whole NAL units (raw, without start codes or lengths).</summary>
    /// <exception cref="ArgumentException">A NAL unit is shorter than its header.</exception>
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, List<byte[]> payloads)
    {
        foreach (var nal in nalUnits)
        {
            if (nal.Length < H265NalUnit.HeaderSize) throw new ArgumentException("NAL unit shorter than its header", nameof(nalUnits));
        }
        if (!Packetize(NalUnits.ToLengthPrefixed(nalUnits), payloads)) throw new System.Diagnostics.UnreachableException();
    }

    private int CountAggregatable(List<Range> nalUnits, int first)
    {
        int size = H265NalUnit.HeaderSize;
        int count = 0;
        for (int i = first; i < nalUnits.Count; i++)
        {
            int length = nalUnits[i].End.Value - nalUnits[i].Start.Value;
            if (length > ushort.MaxValue || size + 2 + length > MaxPayloadSize) break;
            size += 2 + length;
            count++;
        }
        return count;
    }

    private static byte[] BuildAggregationPacket(ReadOnlySpan<byte> data, List<Range> nalUnits, int first, int count)
    {
        int size = H265NalUnit.HeaderSize;
        int forbidden = 0, layerId = 63, tid = 7;
        for (int i = first; i < first + count; i++)
        {
            var nal = data[nalUnits[i]];
            size += 2 + nal.Length;
            forbidden |= nal[0] & 0x80;
            layerId = Math.Min(layerId, H265NalUnit.LayerId(nal));
            tid = Math.Min(tid, H265NalUnit.TemporalIdPlus1(nal));
        }
        var payload = new byte[size];
        payload[0] = (byte)(forbidden | ((int)H265NalUnitType.AggregationPacket << 1) | (layerId >> 5));
        payload[1] = (byte)(((layerId & 0x1F) << 3) | tid);
        int offset = H265NalUnit.HeaderSize;
        for (int i = first; i < first + count; i++)
        {
            var nal = data[nalUnits[i]];
            payload[offset] = (byte)(nal.Length >> 8);
            payload[offset + 1] = (byte)nal.Length;
            nal.CopyTo(payload.AsSpan(offset + 2));
            offset += 2 + nal.Length;
        }
        return payload;
    }

    private void Fragment(ReadOnlySpan<byte> nal, List<byte[]> payloads)
    {
        byte header0 = (byte)((nal[0] & 0x81) | ((int)H265NalUnitType.FragmentationUnit << 1));
        byte header1 = nal[1];
        int type = (nal[0] >> 1) & 0x3F;
        var data = nal[H265NalUnit.HeaderSize..];
        int chunk = MaxPayloadSize - 3;
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            int length = Math.Min(chunk, data.Length - offset);
            bool start = offset == 0;
            bool end = offset + length == data.Length;
            var payload = new byte[3 + length];
            payload[0] = header0;
            payload[1] = header1;
            payload[2] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            data.Slice(offset, length).CopyTo(payload.AsSpan(3));
            payloads.Add(payload);
        }
    }
}
