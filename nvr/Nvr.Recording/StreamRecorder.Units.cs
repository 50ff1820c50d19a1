using Nvr.Media;
using Nvr.Media.Mp4;
using Nvr.Recording.Files;
using Nvr.Streaming;

namespace Nvr.Recording;

public sealed partial class StreamRecorder
{
    // The run (nvr/design/time.md): one writer, one linear media → wall mapping.
    private Mp4FragmentWriter? _writer;
    private StreamDescription? _description;
    private int _refTrackId;
    private int _refClock;
    private bool _anchored;
    private long _anchorWall;
    private long _anchorMedia;
    private long _runId;
    private SegmentFlags _runFlags;
    private SegmentStartReason _nextReason = SegmentStartReason.Startup;
    private long _lastReferenceDts;

    // Wall-clock supervision.
    private long _correction;
    private bool _checkInit;
    private long _checkMono;
    private long _checkWall;

    /// <summary>End (UTC ticks) of the stream's newest segment: no run may start before it.</summary>
    private long _highWater;

    private void Handle(in FeedReadResult result)
    {
        if (result.Status == FeedReadStatus.Offline)
        {
            EndRun(SegmentStartReason.CameraOffline);
            _correction = 0; // the next ingest run anchors on the current clock
            return;
        }
        if (!result.HasUnit) return;
        var unit = result.Unit;
        if (result.Discontinuity) EndRun(SegmentStartReason.Overflow);
        if (_writer is not null && result.DescriptionChanged && !SameTracks(_description!, result.Description))
        {
            EndRun(SegmentStartReason.CodecChange);
        }
        long jump = CheckClock();
        if (jump != 0)
        {
            _correction += jump;
            if (_writer is not null) EndRun(SegmentStartReason.ClockJump);
        }

        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (_writer is null && !StartWriter(result.Description)) return;
            var writer = _writer!;
            bool isReference = unit.TrackId == _refTrackId;
            if (writer.IsWaitingForKeyframe)
            {
                if (!isReference || !unit.IsKeyframe)
                {
                    // The writer keeps the newest PCM unit: the part after the run's keyframe is recorded.
                    if (!isReference) writer.Append(unit);
                    CountSkipped();
                    return;
                }
                AnchorRun(unit);
            }
            if (isReference && !writer.IsWaitingForKeyframe && IsCameraGap(unit.Dts))
            {
                EndRun(SegmentStartReason.CameraGap);
                if (!unit.IsKeyframe)
                {
                    CountSkipped();
                    return;
                }
                continue;
            }
            var status = writer.Append(Stamp(unit));
            if (status == Mp4AppendResult.FragmentFull)
            {
                WriteFragment(final: false);
                if (_writer is null) return; // the write failed: paused
                status = _writer.Append(Stamp(unit));
            }
            switch (status)
            {
                case Mp4AppendResult.Accepted:
                    if (isReference) _lastReferenceDts = unit.Dts;
                    if (isReference && unit.IsKeyframe) OnKeyframe();
                    return;
                case Mp4AppendResult.NonMonotonicDts or Mp4AppendResult.NegativeTimestamp or Mp4AppendResult.TimestampGap:
                    // The camera's timeline broke: close what we have and start again at this unit if it can start a run.
                    EndRun(SegmentStartReason.TimestampError);
                    if (!(isReference && unit.IsKeyframe))
                    {
                        CountSkipped();
                        return;
                    }
                    continue;
                default:
                    CountSkipped(); // unknown track, empty or oversized payload
                    return;
            }
        }
    }

    /// <summary>A reference keyframe was appended (and held back): cut the file or the fragment here.</summary>
    private void OnKeyframe()
    {
        var pending = _writer!.PendingDuration;
        if (_file is not null)
        {
            bool synced = _clock.IsSynchronised;
            if (_fileMedia + pending >= _options.SegmentDuration || synced != _file.Synchronised)
            {
                // PCM audio is cut exactly at the keyframe, so both files' tracks meet there (fmp4.md).
                _writer.SplitAtReferenceCut();
                WriteFragment(final: false);
                CloseFile();
                _nextReason = SegmentStartReason.Continuation;
                return;
            }
        }
        if (pending >= _options.FragmentDuration) WriteFragment(final: false);
    }

    private bool StartWriter(StreamDescription description)
    {
        var tracks = description.Tracks.Where(IsRecordable).ToArray();
        if (tracks.Length == 0)
        {
            CountSkipped();
            lock (_gate) _lastError = "no recordable track (H.264/H.265 video, AAC/G.711 audio)";
            return false;
        }
        _writer = new Mp4FragmentWriter(tracks);
        _description = description;
        var reference = tracks.FirstOrDefault(t => t.Kind == TrackKind.Video) ?? tracks[0];
        _refTrackId = reference.Id;
        _refClock = reference.ClockRate;
        _anchored = false;
        return true;
    }

    /// <summary>Fixes the run's media → wall mapping at its first reference keyframe (time.md, "Where the anchor comes from").</summary>
    private void AnchorRun(MediaUnit first)
    {
        long now = _time.GetUtcNow().UtcTicks;
        long tolerance = _options.ClockJumpTolerance.Ticks;
        long wallOfPts;
        if (first.WallClock is { } w)
        {
            long raw = Mp4Ntp.AsUtc(w).Ticks;
            wallOfPts = raw + _correction;
            if (wallOfPts > now + tolerance || wallOfPts < now - _options.MaxAnchorAge.Ticks)
            {
                _correction = now - raw; // the ingest anchor predates a clock change we did not see
                wallOfPts = now;
            }
        }
        else
        {
            wallOfPts = now;
        }
        long wall = wallOfPts - (long)SegmentHeader.FloorDiv((Int128)(first.Pts - first.Dts) * TimeSpan.TicksPerSecond, _refClock);
        _runFlags = SegmentFlags.None;
        if (wall < _highWater)
        {
            if (_highWater - wall > tolerance) _runFlags |= SegmentFlags.TimeAdjusted;
            wall = _highWater; // never two files for the same instant
        }
        else if (_nextReason == SegmentStartReason.CodecChange && wall - _highWater <= tolerance)
        {
            wall = _highWater; // continuous across a new init segment
        }
        _anchorWall = wall;
        _anchorMedia = first.Dts;
        _runId = Random.Shared.NextInt64(1, long.MaxValue);
        _anchored = true;
    }

    private bool IsCameraGap(long dts) =>
        (Int128)(dts - _lastReferenceDts) * TimeSpan.TicksPerSecond > (Int128)_options.CameraGapThreshold.Ticks * _refClock;

    /// <summary>The unit with the run's wallclock for its PTS (what 'prft' carries); the payload is shared, not copied.</summary>
    private MediaUnit Stamp(MediaUnit unit)
    {
        if (!_anchored) return unit;
        int clock = _description!.Track(unit.TrackId)?.ClockRate ?? _refClock;
        var ticks = _anchorWall + SegmentHeader.FloorDiv(
            ((Int128)unit.Pts * _refClock - (Int128)_anchorMedia * clock) * TimeSpan.TicksPerSecond, (long)clock * _refClock);
        DateTime? wall = ticks >= 0 && ticks <= DateTime.MaxValue.Ticks ? new DateTime((long)ticks, DateTimeKind.Utc) : null;
        return new MediaUnit(unit.TrackId, unit.Pts, unit.Dts, unit.IsKeyframe, unit.Payload, wall);
    }

    /// <summary>Wall-clock step since the previous check beyond the tolerance (Δwall − Δmonotonic), else 0.</summary>
    private long CheckClock()
    {
        long mono = _time.GetTimestamp();
        long wall = _time.GetUtcNow().UtcTicks;
        if (!_checkInit)
        {
            _checkInit = true;
            _checkMono = mono;
            _checkWall = wall;
            return 0;
        }
        long elapsed = _time.GetElapsedTime(_checkMono, mono).Ticks;
        long jump = wall - _checkWall - elapsed;
        _checkMono = mono;
        _checkWall = wall;
        return Math.Abs(jump) > _options.ClockJumpTolerance.Ticks ? jump : 0;
    }

    /// <summary>Ends the run: writes what is pending as the final fragment, closes the file. <paramref name="nextReason"/> explains the next file.</summary>
    private void EndRun(SegmentStartReason? nextReason)
    {
        if (_writer is not null)
        {
            WriteFragment(final: true);
            if (_file is not null) CloseFile();
        }
        _writer = null;
        _description = null;
        _anchored = false;
        if (nextReason is { } r) _nextReason = r;
    }

    private static bool SameTracks(StreamDescription a, StreamDescription b)
    {
        var x = a.Tracks.Where(IsRecordable).ToArray();
        var y = b.Tracks.Where(IsRecordable).ToArray();
        if (x.Length != y.Length) return false;
        for (int i = 0; i < x.Length; i++)
        {
            var p = x[i];
            var q = y[i];
            if (p.Id != q.Id || p.Kind != q.Kind || p.Codec != q.Codec || p.ClockRate != q.ClockRate || p.Width != q.Width || p.Height != q.Height ||
                p.SampleRate != q.SampleRate || p.Channels != q.Channels || !Same(p.Vps, q.Vps) || !Same(p.Sps, q.Sps) || !Same(p.Pps, q.Pps) ||
                !Same(p.AudioSpecificConfig, q.AudioSpecificConfig))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
