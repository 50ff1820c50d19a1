namespace Nvr.Streaming.Events;

/// <summary>A camera stream moved to <paramref name="State"/>; <paramref name="Reason"/> is for people.</summary>
public sealed record CameraStateChanged(DateTimeOffset Time, string Camera, string Stream, CameraState State, CameraState Previous, string Reason)
    : NvrEvent(Time);
