namespace Nvr.Recording;

/// <summary>Retention limits of one camera (main and sub streams together). 0 = no limit.</summary>
public sealed class CameraRetentionOptions
{
    /// <summary>Delete recordings that ended more than this many days ago. 0: keep until space is needed.</summary>
    public double MaxAgeDays { get; set; }

    /// <summary>Keep at most this many bytes of recordings of the camera. 0: no limit.</summary>
    public long MaxBytes { get; set; }
}
