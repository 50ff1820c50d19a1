namespace Nvr.OnvifGlue;

/// <summary>The <c>Onvif</c> configuration section (times in seconds in the file).</summary>
public sealed class OnvifSection
{
    /// <summary>Warn when a camera's clock differs from ours by more than this. Default 5 s.</summary>
    public double ClockSkewWarningSeconds { get; set; } = 5;

    /// <summary>Lifetime asked for each event pull-point subscription (renewed at half of what the device grants). 60 s.</summary>
    public double EventTerminationSeconds { get; set; } = 60;

    /// <summary>Timeout of each ONVIF request. 10 s.</summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Speed (0..1 of the device's range) of MQTT's MOVE_* and ZOOM_* commands. 0.5.</summary>
    public double PtzSpeed { get; set; } = 0.5;

    public TimeSpan ClockSkewWarning => TimeSpan.FromSeconds(ClockSkewWarningSeconds);
    public TimeSpan EventTermination => TimeSpan.FromSeconds(EventTerminationSeconds);
    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
}
