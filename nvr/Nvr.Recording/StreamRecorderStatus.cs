namespace Nvr.Recording;

/// <summary>A snapshot of one <see cref="StreamRecorder"/> for the API and metrics.</summary>
public sealed record StreamRecorderStatus(
    string Camera,
    string Stream,
    bool Enabled,
    bool Paused,
    string? PauseReason,
    string? CurrentSegment,
    DateTime? CurrentStart,
    long SegmentsWritten,
    long BytesWritten,
    long UnitsSkipped,
    long WriteErrors,
    long IndexErrors,
    string? LastError);
