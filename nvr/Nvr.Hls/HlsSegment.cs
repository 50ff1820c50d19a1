namespace Nvr.Hls;

/// <summary>
/// One media segment of an output: its Media Sequence Number, timing, the discontinuity and
/// init section it belongs to, and its bytes (fMP4: its parts; TS: its own chunks).
/// </summary>
internal sealed class HlsSegment
{
    private readonly List<HlsPart> _parts = [];
    private IReadOnlyList<ReadOnlyMemory<byte>>? _chunks;

    public HlsSegment(long msn, int timescale, DateTime programDateTime, bool discontinuity, long discontinuitySequence, int initVersion, bool independent)
    {
        Msn = msn;
        Timescale = timescale;
        ProgramDateTime = programDateTime;
        Discontinuity = discontinuity;
        DiscontinuitySequence = discontinuitySequence;
        InitVersion = initVersion;
        Independent = independent;
    }

    public long Msn { get; }
    public int Timescale { get; }
    /// <summary>EXT-X-PROGRAM-DATE-TIME: UTC wallclock of the first sample.</summary>
    public DateTime ProgramDateTime { get; }
    /// <summary>EXT-X-DISCONTINUITY before this segment (new run, new codec parameters, or a reader resync).</summary>
    public bool Discontinuity { get; }
    /// <summary>This segment's Discontinuity Sequence Number (RFC 8216bis §6.2.1).</summary>
    public long DiscontinuitySequence { get; }
    /// <summary>fMP4: version of the init section (EXT-X-MAP) it needs; 0 for TS.</summary>
    public int InitVersion { get; }
    /// <summary>Starts with a video keyframe.</summary>
    public bool Independent { get; }
    public bool IsComplete { get; private set; }
    public long DurationTicks { get; private set; }
    public double Duration => (double)DurationTicks / Timescale;
    public long Bytes { get; private set; }
    public IReadOnlyList<HlsPart> Parts => _parts;

    /// <summary>The whole segment: TS chunks, or the concatenation of the parts' chunks.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Chunks
    {
        get
        {
            if (_chunks is not null) return _chunks;
            var all = new List<ReadOnlyMemory<byte>>();
            foreach (var p in _parts) all.AddRange(p.Chunks);
            if (IsComplete) _chunks = all;
            return all;
        }
    }

    public void AddPart(HlsPart part)
    {
        _parts.Add(part);
        Bytes += part.Bytes;
        DurationTicks += part.DurationTicks;
    }

    /// <summary>Completes an fMP4 segment: its duration is the sum of its parts.</summary>
    public void Complete() => IsComplete = true;

    /// <summary>Completes a TS segment with its bytes and exact duration.</summary>
    public void Complete(IReadOnlyList<ReadOnlyMemory<byte>> chunks, long bytes, long durationTicks)
    {
        _chunks = chunks;
        Bytes = bytes;
        DurationTicks = durationTicks;
        IsComplete = true;
    }
}
