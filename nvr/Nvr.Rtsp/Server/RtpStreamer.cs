using Nvr.Media;
using Nvr.Media.Rtp;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Turns access units from an <see cref="IRtspMediaReader"/> into RTP (and RTCP sender reports)
/// on an <see cref="RtpSink"/>. One per unicast session, one per multicast group. The same
/// streamer may run several readers one after the other (PLAY, PAUSE, PLAY): sequence numbers
/// and timestamps carry on.
/// </summary>
/// <remarks>
/// <para><b>Timestamps.</b> Each unit has a media time in UTC ticks: its wallclock when the source
/// knows it (ingest stamps every unit with the run's anchor + PTS, so it is PTS-exact within a
/// run), else its PTS on a server-clock anchor taken at the start of each run. RTP timestamp =
/// track base + (media time − stream origin) in the track clock, origin = media time of the first
/// unit sent. One origin for all tracks keeps audio and video in sync; wallclock time keeps
/// timestamps moving forward across camera reconnects. The first unit of a new run is kept ahead
/// of the last one sent (a clock step back shifts the origin for all tracks).</para>
/// <para><b>Sender reports</b> (RFC 3550 §6.4.1) go out before the first unit of a track and then
/// every <see cref="RtspServerOptions.SenderReportInterval"/>: NTP = the media time of the last
/// unit sent, RTP = its timestamp, so the pair is an exact mapping (what receivers need for
/// lip-sync and for wallclock timestamps), followed by SDES CNAME (§6.5.1) shared by the tracks.</para>
/// <para><b>Batching.</b> Units already queued (a GOP from the cache, a burst after a stall) are
/// written in one batch up to <see cref="BatchBytes"/> and flushed once.</para>
/// </remarks>
internal sealed class RtpStreamer
{
    /// <summary>Bytes written per flush at most: 64 KiB, a pipe segment's worth of kernel send work.</summary>
    public const int BatchBytes = 64 * 1024;

    private readonly RtpSink _sink;
    private readonly RtpTrackSender[] _tracks;
    private readonly RtpPayloadCache _cache;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reportInterval;
    private readonly string _cname;
    private readonly Func<StreamDescription, StreamDescription, bool> _isCompatible;
    private readonly byte[] _header = new byte[RtpPacket.FixedHeaderSize];
    private readonly byte[] _rtcp = new byte[512];

    private StreamDescription _description;
    private long _origin = long.MinValue;
    private long _runOffset;
    private bool _haveRunOffset;
    private long _units;
    private long _malformedUnits;

    public RtpStreamer(
        RtpSink sink,
        RtpTrackSender[] tracks,
        StreamDescription description,
        RtpPayloadCache cache,
        TimeProvider time,
        TimeSpan reportInterval,
        string cname,
        Func<StreamDescription, StreamDescription, bool> isCompatible)
    {
        _sink = sink;
        _tracks = tracks;
        _description = description;
        _cache = cache;
        _time = time;
        _reportInterval = reportInterval;
        _cname = cname.Length > 255 ? cname[..255] : cname;
        _isCompatible = isCompatible;
    }

    public IReadOnlyList<RtpTrackSender> Tracks => _tracks;
    public RtpSink Sink => _sink;
    public long Units => Volatile.Read(ref _units);
    public long MalformedUnits => Volatile.Read(ref _malformedUnits);

    /// <summary>
    /// Streams until the media ends or changes beyond the SDP (returns why), the transport goes
    /// away (<see cref="RtspSessionCloseReason.ConnectionClosed"/>), or
    /// <paramref name="cancellationToken"/> fires (throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public async Task<RtspSessionCloseReason> RunAsync(IRtspMediaReader reader, CancellationToken cancellationToken)
    {
        // A fresh reader starts at a keyframe, possibly long after the previous one stopped.
        MarkGap();
        var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            ValueTask<RtspMediaRead> next = default;
            bool hasNext = false;
            var end = RtspSessionCloseReason.None;
            bool flushed = false;
            bool begun = await _sink.BeginAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (begun)
                {
                    int written = 0;
                    while (true)
                    {
                        end = Send(read, ref written);
                        if (end != RtspSessionCloseReason.None || written >= BatchBytes) break;
                        next = reader.ReadAsync(cancellationToken);
                        if (!next.IsCompleted)
                        {
                            hasNext = true;
                            break;
                        }
                        read = next.Result;
                    }
                }
            }
            finally
            {
                flushed = await _sink.EndAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!begun || !flushed) return RtspSessionCloseReason.ConnectionClosed;
            if (end != RtspSessionCloseReason.None) return end;
            read = hasNext ? await next.ConfigureAwait(false) : await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes an RTCP BYE for every track (RFC 3550 §6.6), best effort, when the media ends.</summary>
    public async Task SendGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (!await _sink.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            await _sink.EndAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        try
        {
            foreach (var track in _tracks)
            {
                if (!track.HasSent) continue;
                int n = RtcpWriter.WriteSenderReport(_rtcp, track.Ssrc, NtpOf(track.LastMediaTicks), (uint)track.LastRtp, (uint)track.Packets, (uint)track.PayloadOctets);
                n += RtcpWriter.WriteGoodbye(_rtcp.AsSpan(n), track.Ssrc);
                _sink.WriteRtcp(track.Index, _rtcp.AsSpan(0, n));
            }
        }
        finally
        {
            await _sink.EndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes an RTCP compound packet from the receiver (RR blocks about our streams). Thread-safe.</summary>
    public bool OnRtcp(ReadOnlySpan<byte> data)
    {
        if (!RtcpCompoundPacket.TryParse(data, out var packet)) return false;
        long now = _time.GetTimestamp();
        foreach (var rr in packet.ReceiverReports) Apply(rr.ReportBlocks, now);
        foreach (var sr in packet.SenderReports) Apply(sr.ReportBlocks, now);
        return true;
    }

    private void Apply(IReadOnlyList<RtcpReportBlock> blocks, long now)
    {
        foreach (var block in blocks)
        {
            foreach (var track in _tracks)
            {
                if (track.Ssrc == block.Ssrc) track.OnReport(block, now, _time.TimestampFrequency);
            }
        }
    }

    private void MarkGap()
    {
        _haveRunOffset = false;
        foreach (var track in _tracks) track.GuardNext = true;
    }

    private RtspSessionCloseReason Send(in RtspMediaRead read, ref int written)
    {
        switch (read.Kind)
        {
            case RtspMediaReadKind.End:
                return RtspSessionCloseReason.SourceEnded;
            case RtspMediaReadKind.Offline:
                MarkGap();
                return RtspSessionCloseReason.None;
            case RtspMediaReadKind.Unit when read.HasUnit:
                break;
            default:
                return RtspSessionCloseReason.None;
        }
        var unit = read.Unit;
        if (read.Description.Version != _description.Version)
        {
            if (!_isCompatible(_description, read.Description)) return RtspSessionCloseReason.SourceChanged;
            _description = read.Description;
        }
        RtpTrackSender? track = null;
        foreach (var t in _tracks)
        {
            if (t.TrackId == unit.TrackId)
            {
                track = t;
                break;
            }
        }
        var described = read.Description.Track(unit.TrackId);
        if (track is null || described is null) return RtspSessionCloseReason.None; // a track the client did not set up
        var payloads = _cache.Get(unit, described);
        if (!payloads.IsValid)
        {
            Interlocked.Increment(ref _malformedUnits);
            return RtspSessionCloseReason.None;
        }

        long rtp = Map(track, unit);
        // The first report goes before the first packet, so a receiver has the NTP mapping
        // before it sees any media; later ones follow the unit they describe.
        long now = _time.GetTimestamp();
        bool report = track.LastReportAt == 0 || _time.GetElapsedTime(track.LastReportAt, now) >= _reportInterval;
        if (report && track.LastReportAt == 0)
        {
            written += WriteSenderReport(track, now);
            report = false;
        }
        bool g711 = track.Codec is MediaCodec.Pcma or MediaCodec.Pcmu;
        var list = payloads.Payloads;
        for (int i = 0; i < list.Length; i++)
        {
            bool marker = g711 ? track.MarkerPending : i == list.Length - 1;
            track.MarkerPending = false;
            uint timestamp = (uint)(rtp + (payloads.SampleOffsets is { } offsets ? offsets[i] : 0));
            track.WriteHeader(_header, marker, timestamp, list[i].Length);
            _sink.WriteRtp(track.Index, _header, list[i]);
            written += RtpPacket.FixedHeaderSize + list[i].Length;
        }
        Interlocked.Increment(ref _units);
        if (report) written += WriteSenderReport(track, now);
        return RtspSessionCloseReason.None;
    }

    /// <summary>Extended RTP timestamp of <paramref name="unit"/> (see the class remarks).</summary>
    private long Map(RtpTrackSender track, MediaUnit unit)
    {
        long media;
        if (unit.WallClock is DateTime wall)
        {
            media = wall.Ticks;
        }
        else
        {
            long pts = ToTicks(unit.Pts, track.ClockRate);
            if (!_haveRunOffset)
            {
                _runOffset = _time.GetUtcNow().UtcTicks - pts;
                _haveRunOffset = true;
            }
            media = _runOffset + pts;
        }
        if (_origin == long.MinValue) _origin = media;
        long rtp = track.RtpBase + FromTicks(media - _origin, track.ClockRate);
        if (track.GuardNext && track.HasSent && rtp <= track.LastRtp)
        {
            // The source's clock went back across a gap: move the origin for every track so this
            // stream continues one tick after its last unit and the tracks stay aligned.
            long behind = track.LastRtp + 1 - rtp;
            _origin -= ToTicks(behind, track.ClockRate) + 1;
            rtp = track.RtpBase + FromTicks(media - _origin, track.ClockRate);
            if (rtp <= track.LastRtp) rtp = track.LastRtp + 1;
        }
        track.GuardNext = false;
        track.LastRtp = rtp;
        track.LastMediaTicks = media;
        track.HasSent = true;
        return rtp;
    }

    private int WriteSenderReport(RtpTrackSender track, long now)
    {
        var ntp = NtpOf(track.LastMediaTicks);
        int n = RtcpWriter.WriteSenderReport(_rtcp, track.Ssrc, ntp, (uint)track.LastRtp, (uint)track.Packets, (uint)track.PayloadOctets);
        n += RtcpWriter.WriteSourceDescription(_rtcp.AsSpan(n), track.Ssrc, _cname);
        _sink.WriteRtcp(track.Index, _rtcp.AsSpan(0, n));
        track.RecordSenderReport(ntp.Middle32, now);
        track.LastReportAt = now;
        return n;
    }

    private static NtpTimestamp NtpOf(long utcTicks)
    {
        // NtpTimestamp represents 1968-2104; a unit outside that has no meaningful wallclock.
        long min = NtpTimestamp.Era0.Ticks + 0x80000000L * TimeSpan.TicksPerSecond;
        long max = NtpTimestamp.Era0.Ticks + 0x17FFFFFFFL * TimeSpan.TicksPerSecond;
        return NtpTimestamp.FromDateTime(new DateTime(Math.Clamp(utcTicks, min, max), DateTimeKind.Utc));
    }

    private static long ToTicks(long clockUnits, int clockRate) => (long)((Int128)clockUnits * TimeSpan.TicksPerSecond / clockRate);

    /// <summary>Ticks to clock units, rounded to nearest: undoes <see cref="ToTicks"/> exactly.</summary>
    private static long FromTicks(long ticks, int clockRate)
    {
        Int128 scaled = (Int128)ticks * clockRate;
        Int128 half = TimeSpan.TicksPerSecond / 2;
        return (long)(scaled >= 0 ? (scaled + half) / TimeSpan.TicksPerSecond : -((-scaled + half) / TimeSpan.TicksPerSecond));
    }
}
