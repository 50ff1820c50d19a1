using Nvr.Cameras;
using Nvr.Media;
using Nvr.Media.Codecs.Aac;
using Nvr.Media.Codecs.G711;
using Nvr.Media.Codecs.H264;
using Nvr.Media.Codecs.H265;
using Nvr.Media.Rtp;
using Nvr.Rtsp.Client;
using Nvr.Streaming;

namespace Nvr.Ingest;

/// <summary>
/// The state of one RTSP session's worth of ingest: a <see cref="TrackPipeline"/> per usable track,
/// the run's wallclock anchor, and the current <see cref="StreamDescription"/> published to the Feed.
/// <see cref="OnPacket"/> runs on the client's receive loops (one per UDP socket, or the TCP
/// reader), so the whole packet path is serialised by one lock: contention is two tracks at most.
/// </summary>
internal sealed class IngestRun
{
    private readonly object _gate = new();
    private readonly Feed _feed;
    private readonly IngestContext _context;
    private readonly IngestStatistics _stats;
    private readonly TimeProvider _time;
    private readonly TrackPipeline?[] _pipelines;
    private readonly List<DepacketizedUnit> _units = [];
    private long _anchorTicks = -1;
    private DateTime _anchorWall;
    private bool _described;

    public IngestRun(IReadOnlyList<RtspTrack> tracks, bool udp, Feed feed, IngestContext context, IngestStatistics stats, TimeProvider time)
    {
        _feed = feed;
        _context = context;
        _stats = stats;
        _time = time;
        _pipelines = new TrackPipeline?[tracks.Count];
        foreach (var t in tracks)
        {
            if (t.Description is not { } d) continue;
            var depacketizer = CreateDepacketizer(t, d);
            if (depacketizer is null) continue;
            _pipelines[t.Index] = new TrackPipeline(WithCodecDetails(d, null, null, null), t.PayloadType, depacketizer, udp, stats, time.TimestampFrequency);
        }
        if (_pipelines.All(p => p is null))
        {
            var codecs = string.Join(", ", tracks.Select(t => t.Media.RtpMap?.EncodingName ?? $"payload {t.PayloadType}"));
            throw new IngestException(IngestFailureKind.Protocol, $"no supported track in the camera's SDP ({codecs})");
        }
    }

    /// <summary>Called (under the run's lock) when a track's RTP timestamps jumped: track id, step in seconds.</summary>
    public Action<int, double>? Discontinuity { get; init; }

    public IEnumerable<TrackPipeline> Pipelines => _pipelines.OfType<TrackPipeline>();

    /// <summary>First media packet seen (any track).</summary>
    public bool ReceivedMedia { get; private set; }

    private static RtpDepacketizer? CreateDepacketizer(RtspTrack t, TrackDescription d) => d.Codec switch
    {
        MediaCodec.H264 => new H264Depacketizer(d.Sps, d.Pps),
        MediaCodec.H265 => new H265Depacketizer(d.Vps, d.Sps, d.Pps),
        MediaCodec.Aac when d.AudioSpecificConfig is { } asc && AudioSpecificConfig.TryParse(asc, out var config) && config is not null
            => new AacDepacketizer(config, d.ClockRate, AacLayout(t)),
        MediaCodec.Pcma or MediaCodec.Pcmu => new G711Depacketizer(d.Codec),
        _ => null, // MJPEG and AAC without config: not carried by our muxers yet.
    };

    private static Mpeg4GenericParameters AacLayout(RtspTrack t)
    {
        var f = Nvr.Media.Sdp.Mpeg4GenericParameters.Parse(t.Media.Fmtp);
        return new Mpeg4GenericParameters
        {
            SizeLength = f.SizeLength,
            IndexLength = f.IndexLength,
            IndexDeltaLength = f.IndexDeltaLength,
            CtsDeltaLength = f.CtsDeltaLength,
            DtsDeltaLength = f.DtsDeltaLength,
        };
    }

    /// <summary>Fills width/height/profile/level (video, from the SPS) or rate/channels (audio).</summary>
    private static TrackDescription WithCodecDetails(TrackDescription d, byte[]? vps, byte[]? sps, byte[]? pps)
    {
        vps ??= d.Vps;
        sps ??= d.Sps;
        pps ??= d.Pps;
        switch (d.Codec)
        {
            case MediaCodec.H264 when sps is not null && H264Sps.TryParse(sps, out var s):
                return d with { Sps = sps, Pps = pps, Width = s.Width, Height = s.Height, Profile = s.ProfileIdc, Level = s.LevelIdc };
            case MediaCodec.H265 when sps is not null && H265Sps.TryParse(sps, out var s):
                return d with
                {
                    Vps = vps, Sps = sps, Pps = pps, Width = s.Width, Height = s.Height,
                    Profile = s.ProfileTierLevel.GeneralProfileIdc, Level = s.ProfileTierLevel.GeneralLevelIdc,
                };
            case MediaCodec.H264 or MediaCodec.H265:
                return d with { Vps = vps, Sps = sps, Pps = pps };
            case MediaCodec.Aac when d.AudioSpecificConfig is { } asc && AudioSpecificConfig.TryParse(asc, out var c) && c is not null:
                return d with { SampleRate = c.SampleRate, Channels = c.Channels };
            case MediaCodec.Pcma or MediaCodec.Pcmu:
                return d with { SampleRate = d.ClockRate, Channels = d.Channels == 0 ? 1 : d.Channels };
            default:
                return d;
        }
    }

    public void OnPacket(in RtspReceivedPacket packet)
    {
        _stats.AddPacket(packet.Data.Length);
        _context.ReportProgress();
        if (packet.IsRtcp)
        {
            OnRtcp(packet);
            return;
        }
        if ((uint)packet.TrackIndex >= (uint)_pipelines.Length || _pipelines[packet.TrackIndex] is not { } pipeline) return;
        // The reorder buffer may hold packets past this call, and the client reuses its buffers.
        if (!RtpPacket.TryParse(packet.Data.ToArray(), out var rtp) || rtp.PayloadType != pipeline.PayloadType)
        {
            _stats.AddMalformed(1);
            return;
        }
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            if (_anchorTicks < 0)
            {
                _anchorTicks = now;
                _anchorWall = _time.GetUtcNow().UtcDateTime;
            }
            ReceivedMedia = true;
            pipeline.Push(rtp, now, _units);
            if (pipeline.TakeParameterSetsChanged()) UpdateDescription(pipeline);
            else if (!_described) TryDescribe();
            foreach (var u in _units) Publish(pipeline, u, now);
            _units.Clear();
        }
    }

    private void OnRtcp(in RtspReceivedPacket packet)
    {
        if ((uint)packet.TrackIndex >= (uint)_pipelines.Length || _pipelines[packet.TrackIndex] is not { } pipeline) return;
        if (!RtcpCompoundPacket.TryParse(packet.Data.Span, out var rtcp)) return;
        lock (_gate)
        {
            foreach (var sr in rtcp.SenderReports) pipeline.Receiver.OnSenderReport(sr.NtpTime, packet.ReceivedTimestamp);
        }
    }

    private void UpdateDescription(TrackPipeline pipeline)
    {
        if (pipeline.Depacketizer is H264Depacketizer h264)
        {
            pipeline.Description = WithCodecDetails(pipeline.Description, null, h264.CurrentSps, h264.CurrentPps);
        }
        else if (pipeline.Depacketizer is H265Depacketizer h265)
        {
            pipeline.Description = WithCodecDetails(pipeline.Description, h265.CurrentVps, h265.CurrentSps, h265.CurrentPps);
        }
        _described = false;
        TryDescribe();
    }

    /// <summary>Publishes the stream description once every track's parameters are known.</summary>
    private void TryDescribe()
    {
        var tracks = Pipelines.Select(p => p.Description).ToArray();
        if (!tracks.All(t => t.IsComplete)) return;
        _feed.SetDescription(new StreamDescription(0, tracks));
        _described = true;
    }

    private void Publish(TrackPipeline pipeline, DepacketizedUnit unit, long now)
    {
        if (!_described)
        {
            pipeline.UnitsWithoutParameters++;
            _stats.AddUnitsDropped(1);
            return;
        }
        var clock = pipeline.Description.ClockRate;
        long arrivalOffset = (long)((now - _anchorTicks) * (double)clock / _time.TimestampFrequency);
        var (pts, dts, discontinuity) = pipeline.Stamp(unit.Timestamp, arrivalOffset);
        if (discontinuity) Discontinuity?.Invoke(pipeline.Description.Id, pipeline.LastJumpSeconds);
        var wall = _anchorWall.AddTicks((long)(pts * (double)TimeSpan.TicksPerSecond / clock));
        if (_feed.Publish(new MediaUnit(pipeline.Description.Id, pts, dts, unit.IsKeyframe, unit.Payload, wall)))
        {
            _context.ReportMedia();
        }
    }

    /// <summary>An RTCP receiver report for every track with data (RFC 3550 §6.4.2).</summary>
    public byte[]? BuildReceiverReport(uint ssrc)
    {
        var blocks = new List<RtcpReportBlock>();
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            foreach (var p in Pipelines)
            {
                if (p.Receiver.TryCreateReportBlock(now, out var b)) blocks.Add(b);
            }
        }
        if (blocks.Count == 0) return null;
        var buffer = new byte[RtcpWriter.ReceiverReportSize(blocks.Count)];
        RtcpWriter.WriteReceiverReport(buffer, ssrc, blocks.ToArray());
        return buffer;
    }
}
