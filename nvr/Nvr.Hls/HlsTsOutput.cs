using Nvr.Hls.MpegTs;
using Nvr.Media;

namespace Nvr.Hls;

/// <summary>
/// The MPEG-TS output (RFC 8216bis §3.1.1): segments of ~<see cref="HlsMuxerOptions.SegmentDuration"/>
/// cut at video keyframes, each starting with PAT + PMT, written by <see cref="TsWriter"/>. No
/// parts; a segment is listed once the keyframe that ends it arrives, with the exact duration
/// (next segment's first DTS − its first DTS).
/// </summary>
/// <remarks>
/// Times: 90 kHz = (DTS − run origin) rescaled + <see cref="TimestampOffset"/> (1.4 s, as
/// FFmpeg, so PTS, DTS and PCR = DTS − 0.7 s stay positive for audio that starts slightly before
/// the first keyframe); units that would still map below zero are dropped. The origin is the
/// first keyframe of a run; a new run restarts at the offset after EXT-X-DISCONTINUITY.
/// </remarks>
internal sealed class HlsTsOutput : HlsOutput
{
    public const long TimestampOffset = 126_000;

    private readonly ChunkedBufferWriter _buffer = new();
    private TsWriter? _ts;
    private int _clock;
    private long _segmentTarget;
    private (long Dts, int Clock)? _origin;
    private long _segmentStart;
    private long _lastRefDts;
    private long _lastRefDelta;

    public HlsTsOutput(HlsMuxerOptions options, string instance, TimeProvider time, long now)
        : base(HlsFormat.MpegTs, options, instance, time, now)
    {
    }

    public override bool LowLatency => false;

    public override bool CarriesAudio => _ts?.HasAudio ?? false;

    public override double SegmentTarget => Options.SegmentDuration.TotalSeconds;

    public override void SetTracks(HlsTracks tracks, bool newTimeline)
    {
        bool changed = Tracks is null || !Tracks.SameAs(tracks);
        if (!changed && !newTimeline && _ts is not null) return;
        EndRun(keepTimeline: false);
        Tracks = tracks;
        _ts = null;
        if (tracks.IsEmpty) return;
        // ADTS cannot describe every AAC configuration (explicit rates, object types above 4): then video only.
        var audio = tracks.Audio;
        if (audio is not null && tracks.AacConfig is { } c && (c.ObjectType is < 1 or > 4 || c.SamplingFrequencyIndex > 12 || c.ChannelConfiguration > 7)) audio = null;
        if (tracks.Video is null && audio is null) return;
        _ts = new TsWriter(tracks.Video, audio);
        _clock = tracks.Reference!.ClockRate;
        _segmentTarget = (long)(SegmentTarget * _clock);
    }

    public override void Write(MediaUnit unit, bool reference)
    {
        if (_ts is null) return;
        if (reference)
        {
            bool isVideo = _ts.HasVideo;
            if (Open is null)
            {
                if (isVideo && !unit.IsKeyframe) return; // a run starts at a keyframe
                _origin ??= (unit.Dts, _clock);
                Begin(unit);
            }
            else
            {
                long d = unit.Dts - _lastRefDts;
                if (d <= 0)
                {
                    UnitsRejected++;
                    return;
                }
                long duration = unit.Dts - _segmentStart;
                if ((unit.IsKeyframe && duration >= _segmentTarget) || duration >= ForcedCutTicks(_clock))
                {
                    Complete(duration);
                    Begin(unit);
                }
                _lastRefDelta = d;
            }
            _lastRefDts = unit.Dts;
        }
        else if (Open is null)
        {
            return; // audio before the first keyframe of a run
        }

        long? dts = To90k(unit.Dts, ClockOf(unit));
        long? pts = To90k(unit.Pts, ClockOf(unit));
        if (dts is null || pts is null)
        {
            UnitsRejected++;
            return;
        }
        bool ok = unit.TrackId == Tracks!.Video?.Id
            ? _ts.WriteVideo(unit.Payload.Span, unit.IsKeyframe, pts.Value, dts.Value, _buffer)
            : _ts.HasAudio && _ts.WriteAudio(unit.Payload.Span, pts.Value, _buffer);
        if (!ok) UnitsRejected++;
    }

    public override void EndRun(bool keepTimeline)
    {
        if (Open is not null)
        {
            // The last frame's duration is not known yet: assume the previous one's.
            long last = _lastRefDelta > 0 ? _lastRefDelta : _clock / 25;
            Complete(_lastRefDts + last - _segmentStart);
        }
        if (!keepTimeline) _origin = null;
        _lastRefDelta = 0;
        MarkDiscontinuity(newTimeline: !keepTimeline);
    }

    private void Begin(MediaUnit unit)
    {
        BeginSegment(_clock, WallClockOf(unit, _clock), independent: unit.IsKeyframe, initVersion: 0);
        _segmentStart = unit.Dts;
        _ts!.WriteTables(_buffer);
    }

    private void Complete(long durationTicks)
    {
        long bytes = _buffer.Length;
        CompleteOpen(_buffer.Detach(), bytes, durationTicks);
    }

    private int ClockOf(MediaUnit unit) => unit.TrackId == Tracks!.Video?.Id ? Tracks.Video.ClockRate : Tracks.Audio?.ClockRate ?? _clock;

    /// <summary>A time of a track with clock <paramref name="clock"/> on the 90 kHz TS clock; null before the origin's offset.</summary>
    private long? To90k(long t, int clock)
    {
        var (originDts, originClock) = _origin!.Value;
        Int128 ticks = (Int128)t * 90_000 / clock - (Int128)originDts * 90_000 / originClock + TimestampOffset;
        if (ticks < 0) return null;
        return (long)(ticks & TsWriter.TimestampMask);
    }
}
