namespace Nvr.Http;

/// <summary>One camera in <c>GET /api/cameras</c>. <see cref="State"/> is the main stream's.</summary>
public sealed record CameraInfo(string Id, string Name, bool Enabled, bool Record, string State, StreamInfo? Main, StreamInfo? Sub)
{
    /// <summary>Present for cameras with an ONVIF address: device, clock skew, event subscription.</summary>
    public Nvr.OnvifGlue.OnvifCameraState? Onvif { get; init; }
}
