namespace Nvr.Onvif;

/// <summary>A PTZ preset (ONVIF PTZ §5.4 GetPresets): token, name and stored position when reported.</summary>
public sealed record PtzPreset(string Token, string Name, PtzVector? Position);
