using Nvr.Recording;

namespace Nvr.Configuration;

/// <summary>
/// The <c>Recording</c> section (times in seconds). Defaults from the recording issue and
/// DESIGN.md: 60 s files of ~1 s fragments, a fragment synced every second (a power cut loses at
/// most the fragment being written), a 2 s clock-jump tolerance, a free-space floor of 1 GiB or
/// 5 %, whichever is larger. Retention 0 = unlimited (the floor still applies).
/// </summary>
public sealed class RecordingSection
{
    public double SegmentSeconds { get; set; } = 60;
    public double FragmentSeconds { get; set; } = 1;
    public double SyncIntervalSeconds { get; set; } = 1;
    public double ClockJumpToleranceSeconds { get; set; } = 2;
    public long MinFreeBytes { get; set; } = 1L * 1024 * 1024 * 1024;
    public double MinFreePercent { get; set; } = 5;
    /// <summary>Default per-camera maximum age of footage in days; cameras may override.</summary>
    public double MaxAgeDays { get; set; }
    /// <summary>Default per-camera maximum bytes; cameras may override.</summary>
    public long MaxBytes { get; set; }

    public RecordingOptions ToOptions(NvrOptions all)
    {
        var o = new RecordingOptions
        {
            RecordingsDir = all.ResolvedRecordingsDir,
            SegmentDuration = TimeSpan.FromSeconds(SegmentSeconds),
            FragmentDuration = TimeSpan.FromSeconds(FragmentSeconds),
            SyncInterval = TimeSpan.FromSeconds(SyncIntervalSeconds),
            ClockJumpTolerance = TimeSpan.FromSeconds(ClockJumpToleranceSeconds),
            MinFreeBytes = MinFreeBytes,
            MinFreePercent = MinFreePercent,
            DefaultRetention = new CameraRetentionOptions { MaxAgeDays = MaxAgeDays, MaxBytes = MaxBytes },
        };
        foreach (var c in all.Cameras)
        {
            if (c.MaxAgeDays is not null || c.MaxBytes is not null)
            {
                o.Cameras[c.Id] = new CameraRetentionOptions { MaxAgeDays = c.MaxAgeDays ?? MaxAgeDays, MaxBytes = c.MaxBytes ?? MaxBytes };
            }
        }
        return o;
    }
}
