using System.Buffers.Binary;
using System.Security.Cryptography;
using Nvr.Media;
using Nvr.Media.Rtp;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Sender state of one RTP stream (RFC 3550 §5.1, §6.4.1): SSRC, sequence numbers and the
/// timestamp base, all random at the start (§5.1: "SHOULD be random"), sender-report counters,
/// and what the receiver's reports said about it. Sequence numbers run on without gaps for the
/// life of the stream (a resync skips media, not packets); timestamps follow the media clock.
/// </summary>
internal sealed class RtpTrackSender
{
    private const int SentReportsKept = 4;

    private readonly Lock _reportLock = new();
    private readonly (uint Middle, long SentAt)[] _sentReports = new (uint, long)[SentReportsKept];
    private int _sentReportIndex;

    private ushort _sequence;
    private long _packets;
    private long _payloadOctets;
    private long _bytes;

    private long _reports;
    private byte _fractionLost;
    private int _cumulativeLost;
    private uint _jitter;
    private TimeSpan? _roundTrip;

    public RtpTrackSender(int index, TrackDescription track, int payloadType, uint? ssrc = null)
    {
        Index = index;
        TrackId = track.Id;
        Codec = track.Codec;
        ClockRate = track.ClockRate > 0 ? track.ClockRate : 90000;
        PayloadType = (byte)payloadType;
        Ssrc = ssrc ?? (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);
        FirstSequence = _sequence;
        RtpBase = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
    }

    /// <summary>Position of this track in its streamer (interleaved channel pair 2×Index unless the client chose).</summary>
    public int Index { get; }
    public int TrackId { get; }
    public MediaCodec Codec { get; }
    public int ClockRate { get; }
    public byte PayloadType { get; }
    public uint Ssrc { get; }
    /// <summary>Sequence number of the first packet (RTP-Info seq).</summary>
    public ushort FirstSequence { get; }
    /// <summary>RTP timestamp of media time zero of the stream (RTP-Info rtptime).</summary>
    public uint RtpBase { get; }

    /// <summary>Extended (64-bit) RTP timestamp of the last unit sent; valid when <see cref="HasSent"/>.</summary>
    public long LastRtp { get; set; }
    /// <summary>Media time (UTC ticks) of the last unit sent.</summary>
    public long LastMediaTicks { get; set; }
    public bool HasSent { get; set; }
    /// <summary>The next unit follows a gap in the source (new camera run): keep its timestamp ahead of the last.</summary>
    public bool GuardNext { get; set; }
    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last sender report; 0 before the first.</summary>
    public long LastReportAt { get; set; }
    /// <summary>G.711: the marker goes on the first packet of the stream only (RFC 3551 §4.1).</summary>
    public bool MarkerPending { get; set; } = true;

    public long Packets => Volatile.Read(ref _packets);
    public long PayloadOctets => Volatile.Read(ref _payloadOctets);
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Writes the 12-byte header of the next packet (RFC 3550 §5.1) and counts it.</summary>
    public void WriteHeader(Span<byte> header, bool marker, uint timestamp, int payloadLength)
    {
        header[0] = 0x80; // V=2, no padding, no extension, no CSRC
        header[1] = (byte)((marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], Ssrc);
        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _payloadOctets, _payloadOctets + payloadLength);
        Volatile.Write(ref _bytes, _bytes + RtpPacket.FixedHeaderSize + payloadLength);
    }

    /// <summary>Remembers an SR's NTP middle bits and when it left, to compute the round trip from LSR/DLSR.</summary>
    public void RecordSenderReport(uint ntpMiddle, long sentAt)
    {
        lock (_reportLock)
        {
            _sentReports[_sentReportIndex] = (ntpMiddle, sentAt);
            _sentReportIndex = (_sentReportIndex + 1) % SentReportsKept;
        }
    }

    /// <summary>Takes one report block about this stream (RFC 3550 §6.4.1).</summary>
    public void OnReport(in RtcpReportBlock block, long now, long timestampFrequency)
    {
        lock (_reportLock)
        {
            _reports++;
            _fractionLost = block.FractionLost;
            _cumulativeLost = block.CumulativeLost;
            _jitter = block.Jitter;
            if (block.LastSenderReport == 0) return;
            foreach (var (middle, sentAt) in _sentReports)
            {
                if (sentAt == 0 || middle != block.LastSenderReport) continue;
                // Round trip = time since our SR left, minus the time the receiver held it (DLSR, 1/65536 s).
                var elapsed = TimeSpan.FromSeconds((double)(now - sentAt) / timestampFrequency);
                var held = TimeSpan.FromSeconds(block.DelaySinceLastSenderReport / 65536.0);
                var rtt = elapsed - held;
                _roundTrip = rtt < TimeSpan.Zero ? TimeSpan.Zero : rtt;
                break;
            }
        }
    }

    public RtspTrackStatistics GetStatistics()
    {
        lock (_reportLock)
        {
            return new RtspTrackStatistics
            {
                TrackId = TrackId,
                Codec = Codec,
                Ssrc = Ssrc,
                PacketsSent = Packets,
                BytesSent = Bytes,
                ReportsReceived = _reports,
                FractionLost = _fractionLost / 256.0,
                CumulativeLost = _cumulativeLost,
                Jitter = TimeSpan.FromSeconds((double)_jitter / ClockRate),
                RoundTripTime = _roundTrip,
            };
        }
    }
}
