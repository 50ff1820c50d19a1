using Nvr.Media;

namespace Nvr.Hls;

/// <summary>
/// State shared by the two outputs of a muxer (fMP4/LL-HLS and MPEG-TS): the window of
/// segments, the open segment, Media Sequence and Discontinuity Sequence Numbers, the fixed
/// Target Duration, and the wallclock mapping. Subclasses decide where to cut and produce the
/// bytes. Every member is called under the muxer's lock.
/// </summary>
/// <remarks>
/// <para><b>Target Duration</b> (RFC 8216bis §4.4.3.1, §6.2.1: it MUST NOT change) is fixed when
/// the first segment completes: the configured segment target rounded, or the first segment's
/// duration rounded if that is longer (a camera GOP longer than the target). From then on a
/// segment whose next frame would make it round above the Target Duration is cut at that frame
/// even without a keyframe (the segment after it is then not independent); before that, at
/// <see cref="FirstSegmentLimitSeconds"/>.</para>
/// <para><b>Window</b> (§6.2.2): <see cref="HlsMuxerOptions.SegmentCount"/> complete segments are
/// listed; <see cref="RetainedAfterRemoval"/> more stay downloadable; <see cref="HlsMuxerOptions.MaxBytes"/>
/// caps the bytes held.</para>
/// </remarks>
internal abstract class HlsOutput
{
    /// <summary>Segments kept downloadable after they leave the playlist (§6.2.2 availability duration).</summary>
    public const int RetainedAfterRemoval = 2;
    /// <summary>Longest first segment (before the Target Duration is fixed), seconds.</summary>
    public const double FirstSegmentLimitSeconds = 10;

    /// <summary>
    /// Media Sequence Number of the first segment. Not 0: hls.js 1.7.4 treats the parts of
    /// segment 0 as evicted the moment they are buffered (<c>FragmentTracker.detectEvictedFragments</c>
    /// computes <c>part.fragment.sn || -1</c>, and 0 is falsy) and reloads them in a loop.
    /// </summary>
    public const long FirstMsn = 1;

    private readonly List<HlsSegment> _segments = [];
    private long _nextMsn = FirstMsn;
    private long _discontinuitySequence;
    private bool _discontinuityPending;
    private (DateTime Utc, long Dts, int Clock)? _anchor;

    protected HlsOutput(HlsFormat format, HlsMuxerOptions options, string instance, TimeProvider time, long now)
    {
        Format = format;
        Options = options;
        Instance = instance;
        Time = time;
        LastAccess = now;
    }

    public HlsFormat Format { get; }
    public HlsMuxerOptions Options { get; }
    public string Instance { get; }
    protected TimeProvider Time { get; }

    /// <summary>True for the fMP4 output with LL-HLS: parts are listed, hinted and served.</summary>
    public abstract bool LowLatency { get; }
    /// <summary>Configured segment target, seconds.</summary>
    public abstract double SegmentTarget { get; }
    public double PartTarget => Options.PartDuration.TotalSeconds;

    /// <summary>The tracks this output carries (null before the first description or when nothing is carried).</summary>
    public HlsTracks? Tracks { get; protected set; }

    /// <summary>EXT-X-TARGETDURATION; 0 until the first segment completes.</summary>
    public int TargetDuration { get; private set; }
    /// <summary>Increases with every new part or segment (wakes blocked requests, invalidates the cached playlist).</summary>
    public long Version { get; private set; }
    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last request.</summary>
    public long LastAccess { get; set; }
    /// <summary>Complete segments still held, oldest first (the listed ones are the last <see cref="HlsMuxerOptions.SegmentCount"/>).</summary>
    public IReadOnlyList<HlsSegment> Segments => _segments;
    /// <summary>The segment being filled; null between runs.</summary>
    public HlsSegment? Open { get; private set; }
    public long TotalBytes { get; private set; }
    /// <summary>Peak bits per second over the complete segments (BANDWIDTH).</summary>
    public long PeakBitrate { get; private set; }
    public long SegmentsCompleted { get; private set; }
    public long UnitsRejected { get; protected set; }

    /// <summary>Cached rendering of the media playlist for <see cref="Version"/>.</summary>
    public (long Version, ReadOnlyMemory<byte> Bytes) PlaylistCache { get; set; } = (-1, default);

    public bool IsReady => TargetDuration > 0 && _segments.Count > 0;

    public bool CarriesVideo => Tracks?.Video is not null;

    /// <summary>True when the segments have an audio track (AAC passed through or transcoded).</summary>
    public virtual bool CarriesAudio => Tracks?.Audio is not null;

    /// <summary>Index in <see cref="Segments"/> of the first listed segment.</summary>
    public int FirstListedIndex => Math.Max(0, _segments.Count - Options.SegmentCount);

    /// <summary>New tracks (a new description) or a new run. Ends the current segment; the next one gets EXT-X-DISCONTINUITY.</summary>
    public abstract void SetTracks(HlsTracks tracks, bool newTimeline);

    /// <summary>One unit of the carried tracks, in feed order. <paramref name="reference"/>: it is on <see cref="HlsTracks.Reference"/>.</summary>
    public abstract void Write(MediaUnit unit, bool reference);

    /// <summary>The run ended (offline) or units were dropped (resync): close the open segment, mark a discontinuity.</summary>
    public abstract void EndRun(bool keepTimeline);

    /// <summary>Longest segment before a forced cut, in ticks of <paramref name="clock"/> (exclusive).</summary>
    protected long ForcedCutTicks(int clock) =>
        (long)((TargetDuration > 0 ? TargetDuration + 0.5 : Math.Max(FirstSegmentLimitSeconds, 3 * SegmentTarget)) * clock);

    protected HlsSegment BeginSegment(int timescale, DateTime programDateTime, bool independent, int initVersion)
    {
        bool discontinuity = _discontinuityPending && (_segments.Count > 0 || _nextMsn > FirstMsn);
        _discontinuityPending = false;
        if (discontinuity) _discontinuitySequence++;
        Open = new HlsSegment(_nextMsn++, timescale, programDateTime, discontinuity, _discontinuitySequence, initVersion, independent);
        Version++;
        return Open;
    }

    protected void AddPart(HlsPart part)
    {
        Open!.AddPart(part);
        TotalBytes += part.Bytes;
        Version++;
    }

    /// <summary>Moves the open segment into the window; fixes the Target Duration on the first; trims the window.</summary>
    protected void CompleteOpen(IReadOnlyList<ReadOnlyMemory<byte>>? chunks = null, long bytes = 0, long durationTicks = 0)
    {
        var segment = Open!;
        Open = null;
        if (chunks is null)
        {
            if (segment.Parts.Count == 0)
            {
                // Nothing was written (a run that ended before its first fragment): take the
                // segment back so Media Sequence Numbers stay consecutive.
                _nextMsn--;
                if (segment.Discontinuity)
                {
                    _discontinuitySequence--;
                    _discontinuityPending = true;
                }
                Version++;
                return;
            }
            segment.Complete();
        }
        else
        {
            segment.Complete(chunks, bytes, durationTicks);
            TotalBytes += bytes;
        }
        if (TargetDuration == 0)
        {
            TargetDuration = Math.Max(1, Math.Max((int)Math.Round(SegmentTarget, MidpointRounding.AwayFromZero), (int)Math.Round(segment.Duration, MidpointRounding.AwayFromZero)));
        }
        if (segment.Duration > 0) PeakBitrate = Math.Max(PeakBitrate, (long)(segment.Bytes * 8 / segment.Duration));
        _segments.Add(segment);
        SegmentsCompleted++;
        while (_segments.Count > Options.SegmentCount + RetainedAfterRemoval || (TotalBytes > Options.MaxBytes && _segments.Count > 1))
        {
            TotalBytes -= _segments[0].Bytes;
            _segments.RemoveAt(0);
        }
        Version++;
    }

    /// <summary>The next segment starts a new discontinuity (and, for a new timeline, a new wallclock anchor).</summary>
    protected void MarkDiscontinuity(bool newTimeline)
    {
        _discontinuityPending = true;
        if (newTimeline) _anchor = null;
        Version++;
    }

    /// <summary>
    /// UTC wallclock of a unit: its own (RTCP SR / receive-time anchored by the ingest), else
    /// extrapolated from the first unit of the run, anchored to the muxer's clock.
    /// </summary>
    protected DateTime WallClockOf(MediaUnit unit, int clock)
    {
        if (unit.WallClock is { } w) return DateTime.SpecifyKind(w, DateTimeKind.Utc);
        if (_anchor is not { } a || a.Clock != clock)
        {
            a = (Time.GetUtcNow().UtcDateTime, unit.Dts, clock);
            _anchor = a;
        }
        return a.Utc.AddTicks((long)((Int128)(unit.Dts - a.Dts) * TimeSpan.TicksPerSecond / clock));
    }

    public HlsSegment? FindSegment(long msn)
    {
        if (Open is { } open && open.Msn == msn) return open;
        foreach (var s in _segments)
        {
            if (s.Msn == msn) return s;
        }
        return null;
    }

    /// <summary>MSN of the last segment a playlist shows: the open one when it has parts listed (LL), else the last complete one; -1 when none.</summary>
    public long LastListedMsn => LowLatency && Open is { } o ? o.Msn : _segments.Count > 0 ? _segments[^1].Msn : -1;

    /// <summary>True when segment <paramref name="msn"/> is complete (or older than the window).</summary>
    public bool HasSegment(long msn)
    {
        long nextIncomplete = Open?.Msn ?? _nextMsn;
        return msn < nextIncomplete;
    }

    /// <summary>
    /// RFC 8216bis §6.2.5.2: true when the playlist contains part <paramref name="part"/> of
    /// segment <paramref name="msn"/> or later; a part index past the last part of a complete
    /// segment means part 0 of the next.
    /// </summary>
    public bool HasPart(long msn, int part)
    {
        while (true)
        {
            if (Open is { } open && msn == open.Msn) return open.Parts.Count > part;
            if (!HasSegment(msn)) return false;
            var segment = FindSegment(msn);
            if (segment is null || part < segment.Parts.Count) return true; // older than the window, or listed
            msn++;
            part = 0;
        }
    }
}
