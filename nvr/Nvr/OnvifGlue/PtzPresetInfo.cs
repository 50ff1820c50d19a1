namespace Nvr.OnvifGlue;

/// <summary>One entry of <c>GET /api/cameras/{id}/ptz/presets</c>.</summary>
public sealed record PtzPresetInfo(string Token, string Name);
