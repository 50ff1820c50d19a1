namespace Nvr.Media.Codecs.H264;

/// <summary>
/// H.264 RTP packetizer, packetization-mode 1 (RFC 6184 §6.3): a NAL unit that fits in
/// <see cref="MaxPayloadSize"/> goes into a single NAL unit packet (§5.6), consecutive small NAL
/// units are grouped into STAP-A packets (§5.7.1) when <see cref="Aggregate"/> is on, and larger
/// NAL units are split into FU-A fragments (§5.8).
/// </summary>
/// <remarks>
/// Produces RTP payloads only; the caller owns sequence numbers, the timestamp (one per access unit)
/// and sets the marker bit on the last payload of each access unit (§5.1). Layouts:
/// <code>
///  STAP-A: [F|max NRI|24] { [size u16][NAL unit] } ×n
///  FU-A:   [F|NRI|28] [S|E|0|type] [fragment]      NRI/F copied from the fragmented NAL unit
/// </code>
/// </remarks>
public sealed class H264Packetizer
{
    /// <summary>
    /// Default RTP payload budget: 1200 bytes leaves room under a 1500-byte Ethernet MTU for IPv6/UDP/RTP
    /// headers, RTSP interleaved framing and tunnels (the value libwebrtc and gortsplib use).
    /// </summary>
    public const int DefaultMaxPayloadSize = 1200;

    /// <param name="maxPayloadSize">Largest RTP payload produced, at least 3 bytes.</param>
    /// <param name="aggregate">Group small consecutive NAL units into STAP-A packets.</param>
    public H264Packetizer(int maxPayloadSize = DefaultMaxPayloadSize, bool aggregate = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 3);
        MaxPayloadSize = maxPayloadSize;
        Aggregate = aggregate;
    }

    public int MaxPayloadSize { get; }
    public bool Aggregate { get; }

    /// <summary>
    /// Packetizes one access unit given as length-prefixed NAL units (4-byte lengths). Returns
    /// false, adding nothing, when the length prefixes are malformed.
    /// </summary>
    public bool Packetize(ReadOnlySpan<byte> lengthPrefixedUnit, List<byte[]> payloads)
    {
        var nalUnits = new List<Range>();
        var reader = NalUnits.EnumerateLengthPrefixed(lengthPrefixedUnit);
        while (reader.MoveNext()) nalUnits.Add(new Range(reader.CurrentOffset, reader.CurrentOffset + reader.Current.Length));
        if (reader.IsMalformed) return false;
        PacketizeCore(lengthPrefixedUnit, nalUnits, payloads);
        return true;
    }

    /// <summary>Packetizes one access unit given as whole NAL units (raw, without start codes or lengths).</summary>
    public void Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, List<byte[]> payloads)
    {
        foreach (var nal in nalUnits)
        {
            if (nal.IsEmpty) throw new ArgumentException("empty NAL unit", nameof(nalUnits));
        }
        var unit = NalUnits.ToLengthPrefixed(nalUnits);
        if (!Packetize(unit, payloads)) throw new System.Diagnostics.UnreachableException();
    }

    private void PacketizeCore(ReadOnlySpan<byte> data, List<Range> nalUnits, List<byte[]> payloads)
    {
        int i = 0;
        while (i < nalUnits.Count)
        {
            int group = Aggregate ? CountAggregatable(nalUnits, i) : 1;
            if (group >= 2)
            {
                payloads.Add(BuildStapA(data, nalUnits, i, group));
                i += group;
                continue;
            }
            var nal = data[nalUnits[i]];
            if (nal.Length <= MaxPayloadSize) payloads.Add(nal.ToArray());
            else Fragment(nal, payloads);
            i++;
        }
    }

    /// <summary>How many NAL units from <paramref name="first"/> fit together in one STAP-A.</summary>
    private int CountAggregatable(List<Range> nalUnits, int first)
    {
        int size = 1;
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

    private static byte[] BuildStapA(ReadOnlySpan<byte> data, List<Range> nalUnits, int first, int count)
    {
        int size = 1;
        int forbidden = 0, nri = 0;
        for (int i = first; i < first + count; i++)
        {
            var nal = data[nalUnits[i]];
            size += 2 + nal.Length;
            forbidden |= nal[0] & 0x80;
            nri = Math.Max(nri, nal[0] & 0x60);
        }
        var payload = new byte[size];
        payload[0] = (byte)(forbidden | nri | (int)H264NalUnitType.StapA);
        int offset = 1;
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
        byte indicator = (byte)((nal[0] & 0xE0) | (int)H264NalUnitType.FuA);
        int type = nal[0] & 0x1F;
        var data = nal[1..];
        int chunk = MaxPayloadSize - 2;
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            int length = Math.Min(chunk, data.Length - offset);
            bool start = offset == 0;
            bool end = offset + length == data.Length;
            var payload = new byte[2 + length];
            payload[0] = indicator;
            payload[1] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
            data.Slice(offset, length).CopyTo(payload.AsSpan(2));
            payloads.Add(payload);
        }
    }
}
