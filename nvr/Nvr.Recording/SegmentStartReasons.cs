namespace Nvr.Recording;

/// <summary>Names of <see cref="SegmentStartReason"/> as the API, events and MQTT spell them.</summary>
public static class SegmentStartReasons
{
    public static string ToName(this SegmentStartReason reason) => reason switch
    {
        SegmentStartReason.Startup => "startup",
        SegmentStartReason.Continuation => "continuation",
        SegmentStartReason.CodecChange => "codec_change",
        SegmentStartReason.CameraOffline => "camera_offline",
        SegmentStartReason.Overflow => "overflow",
        SegmentStartReason.ClockJump => "clock_jump",
        SegmentStartReason.RecordingDisabled => "recording_disabled",
        SegmentStartReason.DiskFull => "disk_full",
        SegmentStartReason.WriteError => "write_error",
        SegmentStartReason.TimestampError => "timestamp_error",
        SegmentStartReason.CameraGap => "camera_gap",
        _ => "unknown",
    };

    /// <summary>True for reasons after which the file follows its predecessor without a gap.</summary>
    public static bool IsContinuous(this SegmentStartReason reason) =>
        reason is SegmentStartReason.Continuation or SegmentStartReason.CodecChange;
}
