namespace Nvr.OnvifGlue;

/// <summary>
/// Body of <c>POST /api/cameras/{id}/ptz</c>. <see cref="Action"/>: <c>move</c> (ContinuousMove at
/// <see cref="Pan"/>/<see cref="Tilt"/>/<see cref="Zoom"/> velocities in −1..1, until <c>stop</c> or
/// <see cref="TimeoutMs"/>), <c>stop</c>, <c>goto</c> (<see cref="Preset"/>: token or name),
/// <c>set</c> (store the current position as <see cref="Name"/>).
/// </summary>
public sealed record PtzRequest(string? Action, float? Pan = null, float? Tilt = null, float? Zoom = null, int? TimeoutMs = null, string? Preset = null, string? Name = null);
