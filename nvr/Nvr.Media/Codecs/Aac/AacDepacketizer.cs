using Nvr.Media.Rtp;

namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// Depacketizes MPEG-4 audio carried as RTP mpeg4-generic (RFC 3640), mode AAC-hbr by default,
/// into raw access units (no ADTS header).
/// </summary>
/// <remarks>
/// <code>
/// +---------+-----------+-----------+---------------+
/// | RTP     | AU Header | Auxiliary | Access Unit   |   (RFC 3640 §2.11)
/// | Header  | Section   | Section   | Data Section  |
/// +---------+-----------+-----------+---------------+
///
/// AU Header Section (§3.2.1):
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- .. -+-+-+-+-+-+-+-+-+-+-+-+-+
/// |AU-headers-length (16, in bits)|AU-header(1)|AU-header(2)|..|pad to octet
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- .. -+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// AU-header (§3.2.1.1), each field present when its fmtp length is non-zero:
///   AU-size | AU-Index (first) or AU-Index-delta (others) | CTS-flag, CTS-delta |
///   DTS-flag, DTS-delta | RAP-flag | Stream-state
/// AAC-hbr: AU-size 13 bits + AU-Index(-delta) 3 bits = 16 bits per header.
/// </code>
/// <para>Several AUs per packet: AU <c>n</c> has timestamp = packet timestamp + (its index
/// offset) × <see cref="SamplesPerUnit"/>, where the offset grows by 1 + AU-Index-delta, or
/// packet timestamp + CTS-delta when a CTS-delta is present. Interleaved streams are emitted in
/// packet order, not re-sorted (no camera interleaves).</para>
/// <para>Fragmentation (§3.2.3): an AU larger than one packet is sent as one AU header whose
/// AU-size is the whole AU, followed by a fragment; the following packets repeat the header with
/// the same size and the same RTP timestamp, the last has M=1. A fragment is completed by size.
/// It is dropped (<see cref="RtpDepacketizer.UnitsDroppedForLoss"/>) when a packet is lost, the
/// timestamp or size changes, or the marker arrives before the AU is full; it is dropped as
/// malformed if the fragments add up to more than AU-size. Fragments that arrive after their AU
/// was given up (same timestamp) are ignored, so a mid-AU join never yields a partial frame.</para>
/// <para>A packet whose AU sizes add up to more than its data is dropped whole as malformed.</para>
/// </remarks>
public sealed class AacDepacketizer : RtpDepacketizer
{
    /// <summary>An AAC frame is at most 6144 bits per channel (ISO/IEC 14496-3 §4.5.3.1); 64 KiB covers 48 channels.</summary>
    public const int DefaultMaxAacUnitSize = 64 * 1024;
    /// <summary>Bound on AU headers per packet (a 1500-byte packet holds far fewer real AUs).</summary>
    public const int MaxUnitsPerPacket = 512;

    private readonly Mpeg4GenericParameters _parameters;
    private readonly List<(int Size, long Offset)> _headers = [];
    private byte[]? _fragment;
    private int _fragmentFilled;
    private long _fragmentTimestamp;
    // Timestamp of the last fragmented AU given up, so its remaining fragments are ignored
    // rather than mistaken for the start of a new AU or counted as a second loss.
    private long? _abandonedTimestamp;

    /// <param name="config">The stream's AudioSpecificConfig, for the frame length.</param>
    /// <param name="clockRate">RTP clock rate from the SDP rtpmap (usually the sample rate).</param>
    /// <param name="parameters">fmtp AU header layout; null for AAC-hbr.</param>
    /// <param name="maxUnitSize">Largest AU accepted.</param>
    public AacDepacketizer(AudioSpecificConfig config, int clockRate, Mpeg4GenericParameters? parameters = null, int maxUnitSize = DefaultMaxAacUnitSize)
        : base(maxUnitSize)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        parameters ??= Mpeg4GenericParameters.AacHbr;
        if (!parameters.IsValid) throw new ArgumentException("mpeg4-generic field lengths out of range", nameof(parameters));
        _parameters = parameters;
        // FrameLength counts samples at the core rate; the RTP clock may run at the SBR output
        // rate (HE-AAC), so scale. Equal rates (the usual case) give exactly FrameLength.
        SamplesPerUnit = (int)((long)config.FrameLength * clockRate / config.SampleRate);
    }

    /// <summary>Duration of one AU in RTP timestamp units (1024 for AAC LC at its own rate).</summary>
    public int SamplesPerUnit { get; }

    public override void Push(in RtpPacket packet, long timestamp, bool lossBefore, List<DepacketizedUnit> output)
    {
        if (lossBefore) DropFragment();
        var payload = packet.Payload.Span;
        int dataStart;
        _headers.Clear();
        if (_parameters.HasAuHeaders)
        {
            if (payload.Length < 2)
            {
                Malformed();
                return;
            }
            int headerBits = (payload[0] << 8) | payload[1];
            int headerBytes = (headerBits + 7) / 8;
            if (2 + headerBytes > payload.Length || !ReadHeaders(payload.Slice(2, headerBytes), headerBits))
            {
                Malformed();
                return;
            }
            dataStart = 2 + headerBytes;
        }
        else
        {
            dataStart = 0;
        }
        if (_parameters.AuxiliaryDataSizeLength > 0)
        {
            var r = new AacBitReader(payload[dataStart..]);
            long auxBits = r.Read(_parameters.AuxiliaryDataSizeLength);
            long auxBytes = (_parameters.AuxiliaryDataSizeLength + auxBits + 7) / 8;
            if (r.Overrun || dataStart + auxBytes > payload.Length)
            {
                Malformed();
                return;
            }
            dataStart += (int)auxBytes;
        }
        var data = payload[dataStart..];
        if (!_parameters.HasAuHeaders)
        {
            // No AU header section (§3.2.1): AUs of constantSize, or the whole payload as one.
            int size = _parameters.ConstantSize > 0 ? _parameters.ConstantSize : data.Length;
            for (int n = 0, at = 0; at < data.Length && n < MaxUnitsPerPacket; n++, at += size)
            {
                _headers.Add((Math.Min(size, data.Length - at), n * (long)SamplesPerUnit));
            }
        }

        if (_fragment is not null)
        {
            if (_headers.Count == 1 && _headers[0].Size == _fragment.Length && timestamp == _fragmentTimestamp)
            {
                ContinueFragment(data, packet.Marker, output);
                return;
            }
            DropFragment(); // the rest of the fragmented AU never came
        }

        if (_headers.Count == 1 && _headers[0].Size > data.Length)
        {
            StartFragment(data, _headers[0].Size, timestamp + _headers[0].Offset, packet.Marker);
            return;
        }
        // Validate the whole packet before emitting any of it: a header section that does not
        // match the data means none of its boundaries can be trusted.
        long total = 0;
        foreach (var (size, _) in _headers)
        {
            if (size == 0)
            {
                Malformed();
                return;
            }
            total += size;
        }
        if (total > data.Length)
        {
            Malformed();
            return;
        }
        foreach (var (size, offset) in _headers)
        {
            if (size > MaxUnitSize) UnitsDroppedOversize++;
            else output.Add(new DepacketizedUnit(timestamp + offset, true, data[..size].ToArray()));
            data = data[size..];
        }
    }

    /// <summary>End of stream: an unfinished fragmented AU is dropped and counted as loss.</summary>
    public override void Flush(List<DepacketizedUnit> output) => DropFragment();

    private bool ReadHeaders(ReadOnlySpan<byte> section, int headerBits)
    {
        var p = _parameters;
        var r = new AacBitReader(section, headerBits);
        long index = 0;
        while (r.Remaining > 0 && _headers.Count < MaxUnitsPerPacket)
        {
            long start = r.Position;
            bool first = _headers.Count == 0;
            long size = p.SizeLength > 0 ? r.Read(p.SizeLength) : p.ConstantSize;
            if (first) r.Skip(p.IndexLength); // AU-Index: only meaningful when interleaving
            else index += 1 + r.Read(p.IndexDeltaLength);
            long offset = index * SamplesPerUnit;
            if (p.CtsDeltaLength > 0 && r.ReadFlag())
            {
                long delta = SignExtend(r.Read(p.CtsDeltaLength), p.CtsDeltaLength);
                if (!first) offset = delta; // §3.2.1.1: the first AU's CTS is the RTP timestamp
            }
            if (p.DtsDeltaLength > 0 && r.ReadFlag()) r.Skip(p.DtsDeltaLength);
            if (p.RandomAccessIndication) r.Skip(1);
            r.Skip(p.StreamStateIndication);
            if (r.Overrun) return false;
            if (r.Position == start) break; // only zero-width fields left: no further headers
            if (size > int.MaxValue) return false;
            _headers.Add(((int)size, offset));
        }
        return _headers.Count > 0;
    }

    private void StartFragment(ReadOnlySpan<byte> data, int size, long timestamp, bool marker)
    {
        if (size > MaxUnitSize)
        {
            UnitsDroppedOversize++;
            return;
        }
        if (timestamp == _abandonedTimestamp) return; // the rest of an AU already counted as lost
        if (marker)
        {
            // A lone packet that says it ends the AU but holds only part of it: its start was lost.
            _abandonedTimestamp = timestamp;
            UnitsDroppedForLoss++;
            return;
        }
        _fragment = new byte[size];
        data.CopyTo(_fragment);
        _fragmentFilled = data.Length;
        _fragmentTimestamp = timestamp;
    }

    private void ContinueFragment(ReadOnlySpan<byte> data, bool marker, List<DepacketizedUnit> output)
    {
        var fragment = _fragment!;
        if (data.Length > fragment.Length - _fragmentFilled)
        {
            _fragment = null;
            _abandonedTimestamp = _fragmentTimestamp;
            Malformed();
            return;
        }
        data.CopyTo(fragment.AsSpan(_fragmentFilled));
        _fragmentFilled += data.Length;
        if (_fragmentFilled == fragment.Length)
        {
            _fragment = null;
            output.Add(new DepacketizedUnit(_fragmentTimestamp, true, fragment));
        }
        else if (marker)
        {
            DropFragment();
        }
    }

    private void DropFragment()
    {
        if (_fragment is null) return;
        _fragment = null;
        _abandonedTimestamp = _fragmentTimestamp;
        UnitsDroppedForLoss++;
    }

    private void Malformed() => PacketsMalformed++;

    private static long SignExtend(uint value, int bits)
    {
        long v = value;
        return bits < 64 && (v & (1L << (bits - 1))) != 0 ? v - (1L << bits) : v;
    }
}
