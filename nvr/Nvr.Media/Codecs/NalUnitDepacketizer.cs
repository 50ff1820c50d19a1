using System.Buffers.Binary;
using Nvr.Media.Rtp;

namespace Nvr.Media.Codecs;

/// <summary>
/// Access-unit assembly shared by the H.264 (RFC 6184) and H.265 (RFC 7798) depacketizers: the
/// codec-specific part only parses payload headers and classifies NAL units.
/// </summary>
/// <remarks>
/// <para>Rules (non-interleaved packetization; RFC 6184 §5.1/§6.3, RFC 7798 §4.4.1/§6):</para>
/// <list type="bullet">
/// <item>An access unit ends at a packet with the marker bit (RFC 6184 §5.1, RFC 7798 §4.1), or when
/// the (extended) RTP timestamp changes, for cameras that never set the marker, or at a NAL unit
/// that cannot follow a slice of the same access unit (an AUD; for H.264 also an SEI).</item>
/// <item>Output is length-prefixed (4-byte) NAL units. Parameter sets sent in-band stay in the unit;
/// access unit delimiters are left out. An access unit without any slice is not emitted: its NAL
/// units are carried into the next access unit. Reolink RLC-822A cameras (firmware
/// v3.0.0.177_21012107, reported in scottlamb/retina#13) need this: they send the SPS marked and
/// alone, and later SPS/PPS with the timestamp of the previous picture after its marked last packet,
/// each time followed by the IDR slice with a new timestamp.</item>
/// <item>Loss (<c>lossBefore</c>), a broken fragmentation unit (missing start, middle or end) or a
/// malformed packet drops the whole access unit in progress and the rest of its packets; it is
/// counted once in <see cref="RtpDepacketizer.UnitsDroppedForLoss"/> (a malformed packet also in
/// <see cref="RtpDepacketizer.PacketsMalformed"/>). After a loss the next access unit is accepted
/// only if its first slice starts a picture (H.264 first_mb_in_slice = 0, H.265
/// first_slice_segment_in_pic_flag = 1), so an access unit whose first slice data was lost is
/// dropped too; non-VCL NAL units (SEI, parameter sets) lost ahead of that slice go unnoticed.</item>
/// <item>An access unit whose length-prefixed size would exceed <see cref="RtpDepacketizer.MaxUnitSize"/>
/// is dropped and counted in <see cref="RtpDepacketizer.UnitsDroppedOversize"/>; the assembly buffer
/// never grows beyond that size.</item>
/// <item>Parameter sets found in an emitted unit become the current ones when it is emitted; when
/// one differs from the previous current one, <see cref="ParameterSetsVersion"/> is incremented,
/// once per unit. A <see cref="Push"/> emits at most one unit except when a stream mixes marker-less
/// and marked units, so reading the version after each call attributes a change to the unit just
/// emitted (which also carries the new parameter sets in its payload).</item>
/// </list>
/// </remarks>
public abstract class NalUnitDepacketizer : RtpDepacketizer
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly byte[]?[] _parameterSets = new byte[]?[3];
    private readonly int[] _pendingOffset = [-1, -1, -1];
    private readonly int[] _pendingLength = new int[3];

    private byte[] _buffer = [];
    private int _length;

    private bool _inUnit;
    private long _unitTimestamp;
    private bool _discarding;
    private bool _suspect;
    private bool _hasVcl;
    private bool _isKeyframe;

    private List<DepacketizedUnit>? _output;

    private bool _fragmentActive;
    private bool _fragmentSkip;
    private int _fragmentStart;
    private int _fragmentType;
    private NalUnitKind _fragmentKind;

    private protected NalUnitDepacketizer(int maxUnitSize, byte[]? vps, byte[]? sps, byte[]? pps)
        : base(maxUnitSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnitSize, 16);
        _parameterSets[NalUnitKind.Vps] = vps?.ToArray();
        _parameterSets[NalUnitKind.Sps] = sps?.ToArray();
        _parameterSets[NalUnitKind.Pps] = pps?.ToArray();
    }

    /// <summary>
    /// Incremented each time an emitted access unit carries a parameter set (VPS, SPS or PPS) that
    /// differs from the current one (or there was none). Starts at 0; parameter sets given to the
    /// constructor (from the SDP) do not count.
    /// </summary>
    public int ParameterSetsVersion { get; private set; }

    private protected byte[]? CurrentParameterSet(int slot) => _parameterSets[slot];

    public sealed override void Push(in RtpPacket packet, long timestamp, bool lossBefore, List<DepacketizedUnit> output)
    {
        if (_inUnit && timestamp != _unitTimestamp)
        {
            // The previous unit never saw its marker. With loss in between, its tail may be gone.
            if (lossBefore && !_discarding) DropUnit(oversize: false);
            else CompleteUnit(output);
            _inUnit = false;
        }
        else if (lossBefore && _inUnit)
        {
            DropUnit(oversize: false); // the rest of this timestamp's packets are discarded
        }

        if (!_inUnit)
        {
            _inUnit = true;
            _unitTimestamp = timestamp;
            _discarding = false;
            if (lossBefore) _suspect = true;
        }

        if (!_discarding)
        {
            _output = output;
            ProcessPayload(packet.Payload.Span);
            _output = null;
        }

        if (packet.Marker)
        {
            CompleteUnit(output);
            _inUnit = false;
        }
    }

    public sealed override void Flush(List<DepacketizedUnit> output)
    {
        if (!_inUnit) return;
        CompleteUnit(output);
        _inUnit = false;
    }

    /// <summary>Parses one RTP payload and feeds its NAL units to the helpers below.</summary>
    private protected abstract void ProcessPayload(ReadOnlySpan<byte> payload);

    /// <summary>Classifies a NAL unit from its header and first bytes (possibly only a prefix of it).</summary>
    private protected abstract NalUnitKind Classify(ReadOnlySpan<byte> nalUnit);

    /// <summary>Appends one complete NAL unit. Returns false when the access unit was dropped.</summary>
    private protected bool AppendNalUnit(ReadOnlySpan<byte> nalUnit)
    {
        if (_fragmentActive)
        {
            BreakUnit(); // a fragmented NAL unit never got its end
            return false;
        }
        var kind = Classify(nalUnit);
        if (kind.StartsAccessUnit) SplitBefore();
        if (!Admit(kind)) return false;
        if (kind.Drop) return true;
        if (!Reserve(4 + nalUnit.Length)) return false;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), nalUnit.Length);
        nalUnit.CopyTo(_buffer.AsSpan(_length + 4));
        Record(kind, _length + 4, nalUnit.Length);
        _length += 4 + nalUnit.Length;
        return true;
    }

    /// <summary>
    /// Starts a fragmented NAL unit with its reconstructed header and the first fragment's data;
    /// completes it at once when <paramref name="end"/> is set.
    /// </summary>
    private protected bool BeginFragment(int nalType, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, bool end)
    {
        if (_fragmentActive)
        {
            BreakUnit(); // previous fragmented NAL unit never got its end
            return false;
        }
        // Classify from the header and the first payload bytes (enough for the first-slice bit).
        int prefix = Math.Min(payload.Length, 8);
        Span<byte> firstBytes = stackalloc byte[16];
        header.CopyTo(firstBytes);
        payload[..prefix].CopyTo(firstBytes[header.Length..]);
        var kind = Classify(firstBytes[..(header.Length + prefix)]);
        if (kind.StartsAccessUnit) SplitBefore();
        if (!Admit(kind)) return false;
        int start = _length;
        if (!kind.Drop)
        {
            if (!Reserve(4 + header.Length + payload.Length)) return false;
            header.CopyTo(_buffer.AsSpan(start + 4));
            payload.CopyTo(_buffer.AsSpan(start + 4 + header.Length));
            _length = start + 4 + header.Length + payload.Length;
        }
        _fragmentActive = true;
        _fragmentType = nalType;
        _fragmentKind = kind;
        _fragmentStart = start;
        _fragmentSkip = kind.Drop;
        if (end) EndFragment();
        return true;
    }

    /// <summary>Appends a middle or end fragment. A fragment without a start, or of another NAL type, breaks the unit.</summary>
    private protected bool ContinueFragment(int nalType, ReadOnlySpan<byte> payload, bool end)
    {
        if (!_fragmentActive || nalType != _fragmentType)
        {
            BreakUnit();
            return false;
        }
        if (!_fragmentSkip)
        {
            if (!Reserve(payload.Length)) return false;
            payload.CopyTo(_buffer.AsSpan(_length));
            _length += payload.Length;
        }
        if (end) EndFragment();
        return true;
    }

    /// <summary>A packet that cannot be interpreted: counted, and the access unit in progress is dropped.</summary>
    private protected void RejectPacket()
    {
        PacketsMalformed++;
        DropUnit(oversize: false);
    }

    /// <summary>Data of the access unit is missing (broken fragmentation): drop it.</summary>
    private protected void BreakUnit() => DropUnit(oversize: false);

    /// <summary>
    /// A NAL unit that begins a new access unit arrived after a slice within the same timestamp:
    /// emit what was assembled; the rest (non-VCL only) is carried into the next unit.
    /// </summary>
    private void SplitBefore()
    {
        if (_hasVcl && _output is not null) CompleteUnit(_output);
    }

    private void EndFragment()
    {
        _fragmentActive = false;
        if (_fragmentSkip) return;
        int nalLength = _length - _fragmentStart - 4;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_fragmentStart), nalLength);
        Record(_fragmentKind, _fragmentStart + 4, nalLength);
    }

    private bool Admit(NalUnitKind kind)
    {
        if (_suspect && kind.Vcl)
        {
            _suspect = false;
            if (!kind.FirstSliceInPicture)
            {
                // The first packets of this access unit were lost.
                DropUnit(oversize: false);
                return false;
            }
        }
        return true;
    }

    private void Record(NalUnitKind kind, int offset, int length)
    {
        _hasVcl |= kind.Vcl;
        _isKeyframe |= kind.Keyframe;
        if (kind.ParameterSetSlot >= 0)
        {
            _pendingOffset[kind.ParameterSetSlot] = offset;
            _pendingLength[kind.ParameterSetSlot] = length;
        }
    }

    private bool Reserve(int bytes)
    {
        long needed = (long)_length + bytes;
        if (needed > MaxUnitSize)
        {
            DropUnit(oversize: true);
            return false;
        }
        if (needed > _buffer.Length)
        {
            long size = Math.Max(needed, Math.Max(InitialBufferSize, (long)_buffer.Length * 2));
            var grown = new byte[Math.Min(size, MaxUnitSize)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }
        return true;
    }

    private void DropUnit(bool oversize)
    {
        if (!_discarding)
        {
            if (oversize) UnitsDroppedOversize++;
            else UnitsDroppedForLoss++;
        }
        ResetAssembly();
        _discarding = true;
        _suspect = false;
    }

    private void CompleteUnit(List<DepacketizedUnit> output)
    {
        if (_discarding)
        {
            _discarding = false;
            return;
        }
        if (_fragmentActive)
        {
            DropUnit(oversize: false); // a fragmented NAL unit without its end
            _discarding = false;
            return;
        }
        // No slice yet: keep what was buffered (parameter sets, SEI) for the next access unit.
        if (!_hasVcl) return;

        var payload = _buffer.AsSpan(0, _length).ToArray();
        output.Add(new DepacketizedUnit(_unitTimestamp, _isKeyframe, payload));
        bool changed = false;
        for (int slot = 0; slot < 3; slot++)
        {
            if (_pendingOffset[slot] < 0) continue;
            var nal = payload.AsSpan(_pendingOffset[slot], _pendingLength[slot]);
            var current = _parameterSets[slot];
            if (current is null || !nal.SequenceEqual(current))
            {
                _parameterSets[slot] = nal.ToArray();
                changed = true;
            }
        }
        if (changed) ParameterSetsVersion++;
        ResetAssembly();
    }

    private void ResetAssembly()
    {
        _length = 0;
        _hasVcl = false;
        _isKeyframe = false;
        _fragmentActive = false;
        _fragmentSkip = false;
        for (int i = 0; i < 3; i++) _pendingOffset[i] = -1;
        // Give back a buffer inflated by one huge unit.
        if (_buffer.Length > 4 * InitialBufferSize && _buffer.Length > MaxUnitSize / 2) _buffer = [];
    }
}
