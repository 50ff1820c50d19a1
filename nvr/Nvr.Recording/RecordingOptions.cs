namespace Nvr.Recording;

/// <summary>
/// Settings of continuous recording (config section, bound by the executable). Defaults in code,
/// with where each comes from; <see cref="Validate"/> throws one-line messages naming the key.
/// </summary>
public sealed class RecordingOptions
{
    /// <summary>Root folder of segment files (<c>&lt;DataDir&gt;/recordings</c> unless configured).</summary>
    public string RecordingsDir { get; set; } = "";

    /// <summary>Target length of one file. Default 60 s (DESIGN.md "Storage"); a file ends at the first keyframe after it.</summary>
    public TimeSpan SegmentDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Target length of one fragment: the unit of durability. Default 1 s (DESIGN.md); at least one GOP in practice.</summary>
    public TimeSpan FragmentDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>fsync the file at most this often. Default 1 s = every fragment: a power cut loses at most the last fragment.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A wall-clock step larger than this ends the file and starts a new run. Default 2 s (the tolerance).</summary>
    public TimeSpan ClockJumpTolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A jump of the video decode time larger than this inside one camera run is a camera gap: the
    /// file ends there instead of stretching its last frame over the hole. Default 3 s: above the
    /// frame interval of the slowest "smart" frame-rate modes cameras use at night (0.5 fps).
    /// </summary>
    public TimeSpan CameraGapThreshold { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A unit's wallclock older than this when a run starts is not trusted as its capture time
    /// (the clock was set since the camera's run began). Default 30 s: a long GOP plus a full queue.
    /// </summary>
    public TimeSpan MaxAnchorAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the open segment's row is refreshed (end, bytes) for live queries. Default 10 s.</summary>
    public TimeSpan IndexUpdateInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Recorder queue: most units. Default 8192 (fanout.md: ~80 s of 25 fps video with AAC).</summary>
    public int ReaderMaxUnits { get; set; } = 8192;

    /// <summary>Recorder queue: most bytes. Default 64 MiB (fanout.md: ~2 min of a 4 Mbit/s stream).</summary>
    public long ReaderMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Retention pass interval. Default 60 s; low space triggers a pass at once.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Free-space poll interval. Default 10 s: at 16 streams × 4 Mbit/s, 80 MB are written meanwhile.</summary>
    public TimeSpan FreeSpaceCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>While paused for a full disk, retry this often. Default 5 s.</summary>
    public TimeSpan ResumeCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Free-space floor in bytes. Default 1 GiB: over two minutes of 16 streams at 4 Mbit/s, far more than retention needs to react.</summary>
    public long MinFreeBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Free-space floor in percent of the volume (the larger floor wins). Default 5 %.</summary>
    public double MinFreePercent { get; set; } = 5;

    /// <summary>Retention of cameras not listed in <see cref="Cameras"/>. Default: no age or byte limit (the floor still applies).</summary>
    public CameraRetentionOptions DefaultRetention { get; set; } = new();

    /// <summary>Per-camera retention by camera id.</summary>
    public Dictionary<string, CameraRetentionOptions> Cameras { get; set; } = new(StringComparer.Ordinal);

    public CameraRetentionOptions RetentionFor(string camera) =>
        Cameras.TryGetValue(camera, out var r) ? r : DefaultRetention;

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message naming the key (<c>Recording:SegmentDuration</c>).</summary>
    public void Validate(string section = "Recording")
    {
        void Positive(TimeSpan v, string name)
        {
            if (v <= TimeSpan.Zero) throw new ArgumentException($"{section}:{name}: must be positive (got {v})");
        }
        if (string.IsNullOrWhiteSpace(RecordingsDir)) throw new ArgumentException($"{section}:RecordingsDir: must be set");
        Positive(SegmentDuration, nameof(SegmentDuration));
        Positive(FragmentDuration, nameof(FragmentDuration));
        Positive(ClockJumpTolerance, nameof(ClockJumpTolerance));
        Positive(MaxAnchorAge, nameof(MaxAnchorAge));
        Positive(CameraGapThreshold, nameof(CameraGapThreshold));
        Positive(IndexUpdateInterval, nameof(IndexUpdateInterval));
        Positive(RetentionInterval, nameof(RetentionInterval));
        Positive(FreeSpaceCheckInterval, nameof(FreeSpaceCheckInterval));
        Positive(ResumeCheckInterval, nameof(ResumeCheckInterval));
        if (SyncInterval < TimeSpan.Zero) throw new ArgumentException($"{section}:SyncInterval: must not be negative (0 = every fragment)");
        if (FragmentDuration > SegmentDuration) throw new ArgumentException($"{section}:FragmentDuration: must not exceed SegmentDuration");
        if (SegmentDuration > TimeSpan.FromHours(24)) throw new ArgumentException($"{section}:SegmentDuration: at most 24 h");
        if (ReaderMaxUnits < 64) throw new ArgumentException($"{section}:ReaderMaxUnits: at least 64");
        if (ReaderMaxBytes < 1024 * 1024) throw new ArgumentException($"{section}:ReaderMaxBytes: at least 1 MiB");
        if (MinFreeBytes < 0) throw new ArgumentException($"{section}:MinFreeBytes: must not be negative");
        if (MinFreePercent is < 0 or > 90 || double.IsNaN(MinFreePercent)) throw new ArgumentException($"{section}:MinFreePercent: must be 0..90");
        foreach (var (id, r) in Cameras.Select(kv => (kv.Key, kv.Value)).Append(("(default)", DefaultRetention)))
        {
            if (r.MaxAgeDays < 0 || double.IsNaN(r.MaxAgeDays)) throw new ArgumentException($"{section}:Cameras:{id}:MaxAgeDays: must not be negative");
            if (r.MaxBytes < 0) throw new ArgumentException($"{section}:Cameras:{id}:MaxBytes: must not be negative");
        }
    }
}
