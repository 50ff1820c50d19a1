using Nvr.Streaming.Events;

namespace Nvr.Cameras;

/// <summary>A snapshot of a supervisor for the API and MQTT.</summary>
public sealed record SupervisorStatus(CameraState State, string Reason, DateTimeOffset Since, long Attempts, long Reconnects, DateTimeOffset? NextAttempt);
