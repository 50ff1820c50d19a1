using Nvr.Media.Codecs;
using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.H264;

/// <summary>
/// Packetizes access units into RTP packets and replays them through a depacketizer, optionally
/// losing packets, and predicts exactly which access units must come out.
/// </summary>
internal sealed class RtpRoundTrip
{
    public const uint TimestampStep = 3600;

    private readonly List<SentPacket> _packets = [];

    /// <param name="accessUnits">Access units as NAL units (AUDs included, as a camera sends them).</param>
    /// <param name="packetize">Turns one length-prefixed access unit into RTP payloads.</param>
    /// <param name="inspect">
    /// For one RTP payload: how many of the access unit's NAL units it starts (single: 1, aggregation:
    /// its count, fragment: 1 for the start fragment, else 0), whether it carries slice data, and
    /// whether it is a fragment.
    /// </param>
    /// <param name="isAud">Whether a NAL unit is an access unit delimiter.</param>
    public RtpRoundTrip(
        List<List<byte[]>> accessUnits,
        Func<byte[], List<byte[]>> packetize,
        Func<byte[], (int Starts, bool HasVcl, bool IsFragment)> inspect,
        Func<byte[], bool> isAud)
    {
        AccessUnits = accessUnits;
        IsAud = isAud;
        ushort sequence = 40000; // wraps during the clip
        for (int i = 0; i < accessUnits.Count; i++)
        {
            var unit = NalUnits.ToLengthPrefixed(accessUnits[i].Select(n => (ReadOnlyMemory<byte>)n));
            var payloads = packetize(unit);
            int nalIndex = 0;
            for (int p = 0; p < payloads.Count; p++)
            {
                var (starts, hasVcl, isFragment) = inspect(payloads[p]);
                var nals = accessUnits[i].Skip(nalIndex).Take(starts).Where(n => !isAud(n)).ToList();
                nalIndex += starts;
                _packets.Add(new SentPacket(i, sequence++, payloads[p], p == payloads.Count - 1, hasVcl || isFragment, nals));
            }
            Assert.Equal(accessUnits[i].Count, nalIndex);
        }
    }

    public List<List<byte[]>> AccessUnits { get; }
    public int PacketCount => _packets.Count;
    private Func<byte[], bool> IsAud { get; }

    public IEnumerable<byte[]> Payloads => _packets.Select(p => p.Payload);

    /// <summary>Replays every packet except those whose index <paramref name="lose"/> selects.</summary>
    public List<DepacketizedUnit> Replay(RtpDepacketizer depacketizer, bool setMarker, Func<int, bool>? lose = null)
    {
        var output = new List<DepacketizedUnit>();
        bool lost = false;
        for (int i = 0; i < _packets.Count; i++)
        {
            if (lose?.Invoke(i) == true)
            {
                lost = true;
                continue;
            }
            var sent = _packets[i];
            uint timestamp = (uint)(1_000_000 + sent.AccessUnit * TimestampStep);
            var packet = new RtpPacket(96, setMarker && sent.Marker, sent.Sequence, timestamp, 0xCAFE, sent.Payload);
            depacketizer.Push(packet, timestamp, lost, output);
            lost = false;
        }
        depacketizer.Flush(output);
        return output;
    }

    /// <summary>
    /// The units a correct depacketizer emits when the packets <paramref name="lose"/> selects are
    /// lost. An access unit survives when (a) only a leading run of its packets was lost, (b) that
    /// run held no slice and no fragment (its first slice then still starts the picture; this
    /// assumes losses never swallow a whole fragmented NAL unit), (c) something of it was
    /// received, and (d) without marker bits, the packet after its last one was not lost (else its
    /// end cannot be known to be complete). A survivor holds the NAL units of its received packets,
    /// AUDs left out. Units with a packet received that do not survive must be counted as dropped.
    /// </summary>
    public (Dictionary<long, byte[]> Units, int Dropped) Expect(bool setMarker, Func<int, bool> lose)
    {
        var result = new Dictionary<long, byte[]>();
        int dropped = 0;
        var indexed = _packets.Select((p, i) => (Packet: p, Index: i, Lost: lose(i))).ToList();
        foreach (var group in indexed.GroupBy(x => x.Packet.AccessUnit))
        {
            var packets = group.ToList();
            int leadingLost = packets.TakeWhile(x => x.Lost).Count();
            if (leadingLost == packets.Count) continue; // never seen
            int after = packets[^1].Index + 1;
            bool survives = packets.Skip(leadingLost).All(x => !x.Lost)
                && packets.Take(leadingLost).All(x => !x.Packet.HasVcl)
                && (setMarker || after >= indexed.Count || !indexed[after].Lost);
            if (survives)
            {
                var nals = packets.Where(x => !x.Lost).SelectMany(x => x.Packet.NalUnitsWithoutAud);
                result[1_000_000 + group.Key * TimestampStep] = NalUnits.ToLengthPrefixed(nals.Select(n => (ReadOnlyMemory<byte>)n));
            }
            else
            {
                dropped++;
            }
        }
        return (result, dropped);
    }

    /// <summary>Length-prefixed payload of access unit <paramref name="index"/> without its AUDs.</summary>
    public byte[] ExpectedPayload(int index)
        => NalUnits.ToLengthPrefixed(AccessUnits[index].Where(n => !IsAud(n)).Select(n => (ReadOnlyMemory<byte>)n));

    private sealed record SentPacket(int AccessUnit, ushort Sequence, byte[] Payload, bool Marker, bool HasVcl, List<byte[]> NalUnitsWithoutAud);
}
