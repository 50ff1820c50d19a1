namespace Nvr.Mqtt;

/// <summary>The <c>kind</c> values nvr itself produces on <c>&lt;prefix&gt;/events</c> (others come from <c>CameraEventReported</c>).</summary>
public static class MqttEventKinds
{
    public const string Motion = "motion";
    public const string CameraOffline = "camera_offline";
    public const string RecordingGap = "recording_gap";
    public const string RecordingPaused = "recording_paused";
    public const string DiskLow = "disk_low";
    public const string Retention = "retention";

    /// <summary>
    /// The id of an event nvr derives itself: <c>&lt;camera&gt;-&lt;kind&gt;-&lt;start in Unix ms&gt;</c>
    /// (<c>system</c> for events of the whole box; <c>&lt;camera&gt;-&lt;stream&gt;</c> for the
    /// per-stream recording_gap, recording_paused and retention). Deterministic, so the event index
    /// can store the same id for the same event.
    /// </summary>
    public static string Id(string? camera, string kind, DateTimeOffset start) =>
        $"{camera ?? "system"}-{kind}-{start.ToUnixTimeMilliseconds()}";
}
