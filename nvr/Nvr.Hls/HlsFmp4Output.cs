using Nvr.Media;
using Nvr.Media.Mp4;

namespace Nvr.Hls;

/// <summary>
/// The fMP4 (CMAF-style) output with LL-HLS parts, built on <see cref="Mp4FragmentWriter"/>:
/// one init section per codec configuration (EXT-X-MAP), one 'moof'+'mdat' fragment per part,
/// a segment = the concatenation of its parts (RFC 8216bis §3.1.2, §4.4.4.9).
/// </summary>
/// <remarks>
/// <para><b>Where parts end.</b> The writer holds back the newest unit of each track until the
/// next one gives its exact duration. When a reference-track unit U arrives, the held unit H
/// gets duration d = DTS(U) − DTS(H). If the part's committed duration plus d would exceed the
/// Part Target, the part is written <i>before</i> H is committed — so no part is ever longer
/// than PART-TARGET (§4.4.4.9), and with a steady frame rate every part but the last of a
/// segment is a whole number of frames ≥ 85 % of it.</para>
/// <para><b>Where segments end.</b> At a keyframe U once the segment (with H) reaches the segment
/// target: U is appended (H committed), the last part is written, and U opens the next segment
/// and its first part (INDEPENDENT=YES). Or, without a keyframe, when the segment would round
/// above the Target Duration (see <see cref="HlsOutput"/>).</para>
/// <para><b>Timeline.</b> <see cref="Mp4Timeline.FileStartsAtZero"/> with one init per run: the
/// first fragment of a run fixes the origin and tfdt counts from 0. A new run (camera
/// reconnected) gets a new writer (a new origin) after EXT-X-DISCONTINUITY; a reader resync
/// keeps the writer and its origin (the gap stays in the media timeline).</para>
/// <para>Video sample entries are 'avc1'/'hvc1' (parameter sets in the init section, which is
/// what Apple requires for HEVC in HLS).</para>
/// </remarks>
internal sealed class HlsFmp4Output : HlsOutput
{
    private readonly ChunkedBufferWriter _buffer = new();
    private readonly Dictionary<int, byte[]> _inits = [];
    private Mp4FragmentWriter? _writer;
    private int _initVersion;
    private int _clock;
    private long _partTarget;
    private long _segmentTarget;

    private MediaUnit? _held;      // the reference-track unit held back by the writer
    private MediaUnit? _partStart; // the first reference unit of the part being filled
    private long _partTicks;       // committed reference duration of that part

    private Cut? _pending;         // a part/segment end waiting for the audio to reach it
    private readonly Queue<MediaUnit> _deferred = new(); // reference units that arrived meanwhile
    private readonly Dictionary<int, long> _otherHeld = []; // DTS of each other track's held-back unit
    private long _maxDeferTicks;

    public HlsFmp4Output(HlsMuxerOptions options, string instance, TimeProvider time, long now)
        : base(HlsFormat.Fmp4, options, instance, time, now)
    {
    }

    public override bool LowLatency => Options.LowLatency;

    public override double SegmentTarget => (Options.LowLatency ? Options.LowLatencySegmentDuration : Options.SegmentDuration).TotalSeconds;

    public int InitVersion => _initVersion;

    /// <summary>The init section of <paramref name="version"/> while a held segment (or the current run) needs it.</summary>
    public byte[]? FindInit(int version) => _inits.GetValueOrDefault(version);

    public override void SetTracks(HlsTracks tracks, bool newTimeline)
    {
        bool changed = Tracks is null || !Tracks.SameAs(tracks);
        if (!changed && !newTimeline && _writer is not null) return;
        EndRun(keepTimeline: false);
        Tracks = tracks;
        _writer = null;
        if (tracks.IsEmpty) return;

        if (changed || _initVersion == 0)
        {
            var init = new System.Buffers.ArrayBufferWriter<byte>(1024);
            Mp4InitSegmentWriter.Write(init, tracks.Tracks);
            _inits[++_initVersion] = init.WrittenSpan.ToArray();
            PruneInits();
        }
        _writer = new Mp4FragmentWriter(tracks.Tracks, new Mp4FragmentWriterOptions { Timeline = Mp4Timeline.FileStartsAtZero });
        var reference = tracks.Reference!;
        _clock = reference.ClockRate;
        _partTarget = Options.LowLatency ? (long)(Options.PartDuration.TotalSeconds * _clock) : long.MaxValue;
        _segmentTarget = (long)(SegmentTarget * _clock);
        // Wait at most half a part for the audio; a camera whose audio lags more gets parts whose audio ends early.
        _maxDeferTicks = (long)(Options.PartDuration.TotalSeconds / 2 * _clock);
    }

    public override void Write(MediaUnit unit, bool reference)
    {
        if (_writer is null) return;
        if (!reference)
        {
            if (!Append(unit)) return;
            _otherHeld[unit.TrackId] = unit.Dts;
            if (_pending is { } cut && OthersReached(cut.At)) ExecuteCut();
            return;
        }
        if (_pending is { } waiting)
        {
            // A cut waits for the audio to reach it: hold this frame back (bounded) so it cannot
            // slip into the part that is about to end.
            _deferred.Enqueue(unit);
            if (unit.Dts - waiting.At > _maxDeferTicks) ExecuteCut();
            return;
        }
        WriteReference(unit);
    }

    public override void EndRun(bool keepTimeline)
    {
        while (_pending is not null) ExecuteCut();
        if (_writer is not null && Open is not null)
        {
            var fragment = _writer.WriteFinalFragment(_buffer);
            if (fragment is not null) AddPart(fragment);
        }
        if (Open is not null) CompleteOpen();
        _held = _partStart = null;
        _partTicks = 0;
        _otherHeld.Clear();
        if (!keepTimeline) _writer = null;
        MarkDiscontinuity(newTimeline: !keepTimeline);
    }

    private void WriteReference(MediaUnit unit)
    {
        if (_held is null)
        {
            // The first reference unit of a run (the writer only takes a keyframe): it opens a segment.
            if (!Append(unit)) return;
            _held = _partStart = unit;
            _partTicks = 0;
            BeginSegment(_clock, WallClockOf(unit, _clock), independent: unit.IsKeyframe, _initVersion);
            return;
        }

        long d = unit.Dts - _held.Dts;
        if (d <= 0)
        {
            UnitsRejected++;
            return;
        }
        if (_partTicks > 0 && _partTicks + d > _partTarget)
        {
            // The held unit would make the part too long: the part ends before it.
            _deferred.Enqueue(unit);
            RequestCut(new Cut(_held.Dts, Segment: false, Next: _held));
            return;
        }
        long segmentTicks = Open!.DurationTicks + _partTicks + d; // the segment if it ended before this unit
        bool segment = (unit.IsKeyframe && segmentTicks >= _segmentTarget) || segmentTicks >= ForcedCutTicks(_clock);
        if (!Append(unit)) return;
        _partTicks += d;
        _held = unit;
        if (segment) RequestCut(new Cut(unit.Dts, Segment: true, Next: unit));
    }

    /// <summary>
    /// A part (and maybe segment) ends at reference time <see cref="Cut.At"/>; it is written once
    /// every other track's held-back unit starts at or after that time, so the part's audio
    /// covers its video (an MSE source buffer's buffered range is the intersection of its
    /// tracks: audio ending 20 ms short of a segment makes hls.js load that segment again).
    /// </summary>
    private void RequestCut(Cut cut)
    {
        _pending = cut;
        if (OthersReached(cut.At)) ExecuteCut();
    }

    private void ExecuteCut()
    {
        var cut = _pending!.Value;
        _pending = null;
        FlushPart(next: cut.Next);
        if (cut.Segment)
        {
            CompleteOpen();
            BeginSegment(_clock, WallClockOf(cut.Next, _clock), independent: cut.Next.IsKeyframe, _initVersion);
        }
        while (_pending is null && _deferred.TryDequeue(out var unit)) WriteReference(unit);
    }

    /// <summary>True when every other (live) track's held-back unit (the next one to be committed) starts at or after reference time <paramref name="at"/>.</summary>
    private bool OthersReached(long at)
    {
        foreach (var t in Tracks!.Tracks)
        {
            if (t.Id == Tracks.Reference!.Id || !_otherHeld.TryGetValue(t.Id, out long dts)) continue;
            // A track more than a second behind has stalled (camera audio glitch, failed
            // transcoder): waiting for it would only delay every part.
            if ((Int128)(dts + t.ClockRate) * _clock < (Int128)at * t.ClockRate) continue;
            if ((Int128)dts * _clock < (Int128)at * t.ClockRate) return false;
        }
        return true;
    }

    private readonly record struct Cut(long At, bool Segment, MediaUnit Next);

    /// <summary>Appends to the writer; a full fragment (sample or byte cap) is written out as a part first.</summary>
    private bool Append(MediaUnit unit)
    {
        var result = _writer!.Append(unit);
        if (result == Mp4AppendResult.FragmentFull && Open is not null)
        {
            FlushPart(next: _held);
            result = _writer.Append(unit);
        }
        if (result == Mp4AppendResult.Accepted) return true;
        if (result != Mp4AppendResult.WaitingForKeyframe) UnitsRejected++;
        return false;
    }

    /// <summary>Writes the committed units as the next part of the open segment; <paramref name="next"/> starts the part after it.</summary>
    private void FlushPart(MediaUnit? next)
    {
        var fragment = _writer!.WriteFragment(_buffer);
        if (fragment is not null) AddPart(fragment);
        _partStart = next;
        _partTicks = 0;
    }

    private void AddPart(Mp4Fragment fragment)
    {
        var chunks = _buffer.Detach();
        var start = _partStart ?? _held;
        var wallClock = start is null ? Open!.ProgramDateTime : WallClockOf(start, _clock);
        long ticks = fragment.Reference?.Duration ?? 0;
        AddPart(new HlsPart(Open!.Parts.Count, ticks, _clock, fragment.IsKeyframe, wallClock, chunks, fragment.Size));
    }

    /// <summary>Drops init sections no held segment refers to (the current one stays).</summary>
    private void PruneInits()
    {
        if (_inits.Count <= 1) return;
        int oldest = _initVersion;
        foreach (var s in Segments) oldest = Math.Min(oldest, s.InitVersion);
        foreach (var v in _inits.Keys.ToArray())
        {
            if (v < oldest) _inits.Remove(v);
        }
    }
}
