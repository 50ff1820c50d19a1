namespace Nvr.OnvifGlue;

/// <summary>Answer of <c>POST /api/cameras/{id}/ptz</c>; <see cref="Preset"/> is the token a <c>set</c> or <c>goto</c> used.</summary>
public sealed record PtzResponse(string Action, string? Preset);
