using System.Runtime.CompilerServices;
using Nvr.Media;
using Nvr.Media.Codecs;
using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.G711;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Packetizes each access unit once for the whole server: payloads depend only on the unit, its
/// track description and the payload budget, never on the session, so a hundred viewers of a feed
/// cost one packetization per unit (sessions only add headers). Entries live exactly as long as
/// their <see cref="MediaUnit"/> (a <see cref="ConditionalWeakTable{TKey, TValue}"/>), i.e. while
/// the feed's GOP cache or some reader still holds it.
/// </summary>
/// <remarks>
/// Video keyframes get the track's parameter sets in-band unless the unit carries them already
/// (RFC 6184 §8.4 / RFC 7798 §7.2 allow out-of-band and in-band together): after the access unit
/// delimiter if there is one (H.264 §7.4.1.2.3 orders AUD, SPS, PPS, then the rest), before
/// everything else otherwise. A viewer that joins, resyncs, or sees new SPS after a resolution
/// change can always decode from the next keyframe. H.264 uses packetization-mode 1: single NAL
/// unit packets, STAP-A for runs of small NAL units (the parameter sets and SEI fit one
/// packet), FU-A for large ones; H.265 the same with AP and FU (RFC 7798 §4.4).
/// </remarks>
internal sealed class RtpPayloadCache
{
    private readonly ConditionalWeakTable<MediaUnit, RtpPayloads> _units = new();
    private readonly H264Packetizer _h264;
    private readonly H265Packetizer _h265;
    private readonly AacPacketizer _aac;
    private readonly int _maxPayloadSize;

    public RtpPayloadCache(int maxPayloadSize)
    {
        _maxPayloadSize = maxPayloadSize;
        _h264 = new H264Packetizer(maxPayloadSize, aggregate: true);
        _h265 = new H265Packetizer(maxPayloadSize, aggregate: true);
        _aac = new AacPacketizer(maxPayloadSize);
    }

    /// <summary>Codecs this server can packetize.</summary>
    public static bool CanPacketize(TrackDescription track) => track.Codec switch
    {
        MediaCodec.H264 or MediaCodec.H265 or MediaCodec.Pcma or MediaCodec.Pcmu => true,
        MediaCodec.Aac => track.AudioSpecificConfig is not null,
        _ => false,
    };

    /// <summary>The unit's payloads; <see cref="RtpPayloads.Invalid"/> when it cannot be packetized (malformed).</summary>
    public RtpPayloads Get(MediaUnit unit, TrackDescription track)
    {
        if (_units.TryGetValue(unit, out var cached)) return cached;
        var made = Packetize(unit, track);
        // Another session may have raced us to it: keep the first, so the memory is held once.
        return _units.GetValue(unit, _ => made);
    }

    private RtpPayloads Packetize(MediaUnit unit, TrackDescription track)
    {
        var list = new List<byte[]>();
        switch (track.Codec)
        {
            case MediaCodec.H264:
            case MediaCodec.H265:
                return PacketizeVideo(unit, track, list) ? new RtpPayloads([.. list], null) : RtpPayloads.Invalid;
            case MediaCodec.Aac:
                return _aac.Packetize(unit.Payload.Span, list) ? new RtpPayloads([.. list], null) : RtpPayloads.Invalid;
            case MediaCodec.Pcma:
            case MediaCodec.Pcmu:
                {
                    var g711 = new G711Packetizer(Math.Max(1, track.Channels), _maxPayloadSize);
                    if (!g711.Packetize(unit.Payload.Span, list)) return RtpPayloads.Invalid;
                    var offsets = new int[list.Count];
                    for (int i = 0; i < offsets.Length; i++) offsets[i] = g711.SamplesBefore(i);
                    return new RtpPayloads([.. list], offsets);
                }
            default:
                return RtpPayloads.Invalid;
        }
    }

    private bool PacketizeVideo(MediaUnit unit, TrackDescription track, List<byte[]> list)
    {
        bool h265 = track.Codec == MediaCodec.H265;
        if (!unit.IsKeyframe || track.Sps is not { Length: >= 2 } || track.Pps is not { Length: >= 2 } || (h265 && track.Vps is not { Length: >= 2 }))
        {
            return h265 ? _h265.Packetize(unit.Payload.Span, list) : _h264.Packetize(unit.Payload.Span, list);
        }
        var nalUnits = new List<ReadOnlyMemory<byte>>();
        if (!NalUnits.TrySplitLengthPrefixed(unit.Payload, nalUnits) || nalUnits.Count == 0) return false;
        int insertAt = 0;
        foreach (var nal in nalUnits)
        {
            if (nal.IsEmpty || (h265 && nal.Length < 2)) return false;
            int type = h265 ? (nal.Span[0] >> 1) & 0x3F : nal.Span[0] & 0x1F;
            if (h265 ? type == (int)H265NalUnitType.Sps : type == (int)H264NalUnitType.Sps)
            {
                // The camera sends its parameter sets in-band: keep them as they are.
                return h265 ? _h265.Packetize(unit.Payload.Span, list) : _h264.Packetize(unit.Payload.Span, list);
            }
        }
        var first = nalUnits[0].Span;
        if (h265 ? ((first[0] >> 1) & 0x3F) == (int)H265NalUnitType.AccessUnitDelimiter : (first[0] & 0x1F) == (int)H264NalUnitType.AccessUnitDelimiter)
        {
            insertAt = 1;
        }
        if (h265) nalUnits.Insert(insertAt++, track.Vps!);
        nalUnits.Insert(insertAt++, track.Sps);
        nalUnits.Insert(insertAt, track.Pps);
        if (h265) _h265.Packetize(nalUnits, list);
        else _h264.Packetize(nalUnits, list);
        return true;
    }
}
