namespace Nvr.Onvif;

/// <summary>
/// A PTZ speed or position (ONVIF PTZ §5.3: PTZSpeed/PTZVector). Pan/tilt are sent together when
/// either is set; zoom on its own. Generic spaces range −1…1 (zoom 0…1 for positions).
/// </summary>
public readonly record struct PtzVector(float? Pan, float? Tilt, float? Zoom)
{
    public bool HasPanTilt => Pan is not null || Tilt is not null;

    public bool HasZoom => Zoom is not null;
}
