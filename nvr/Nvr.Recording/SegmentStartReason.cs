namespace Nvr.Recording;

/// <summary>
/// Why a segment file starts: stored in its header (<see cref="Files.SegmentHeader"/>) so that a
/// gap before it can be explained after an index rebuild. The snake_case names
/// (<see cref="SegmentStartReasons.ToName"/>) are the API and MQTT strings.
/// </summary>
public enum SegmentStartReason : byte
{
    /// <summary>Not recorded (file from a newer or foreign writer).</summary>
    Unknown = 0,
    /// <summary>The recorder started (process start, stream added): whatever came before is unknown.</summary>
    Startup = 1,
    /// <summary>The previous file of the run reached the segment length or the clock sync state changed: no gap.</summary>
    Continuation = 2,
    /// <summary>The codec parameters changed (new init segment); continuous in time.</summary>
    CodecChange = 3,
    /// <summary>The camera stream went offline (feed run ended) and came back.</summary>
    CameraOffline = 4,
    /// <summary>The recorder fell behind the feed and units were dropped.</summary>
    Overflow = 5,
    /// <summary>The wall clock stepped by more than the tolerance.</summary>
    ClockJump = 6,
    /// <summary>Recording of the camera was switched off and on again.</summary>
    RecordingDisabled = 7,
    /// <summary>The disk was full (or the free-space floor could not be met).</summary>
    DiskFull = 8,
    /// <summary>Writing failed for another reason than a full disk.</summary>
    WriteError = 9,
    /// <summary>The camera's timestamps broke (went backwards or jumped beyond a sample duration).</summary>
    TimestampError = 10,
    /// <summary>The camera sent nothing for longer than <see cref="RecordingOptions.CameraGapThreshold"/> while its stream stayed up.</summary>
    CameraGap = 11,
}
