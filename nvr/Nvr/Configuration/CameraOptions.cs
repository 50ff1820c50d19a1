namespace Nvr.Configuration;

/// <summary>One entry of <c>Cameras</c>.</summary>
public sealed class CameraOptions
{
    /// <summary>Stable identifier used in URLs, file paths and MQTT topics: [A-Za-z0-9_-], 1–64 chars.</summary>
    public string Id { get; set; } = "";

    /// <summary>Optional display name; defaults to <see cref="Id"/>.</summary>
    public string? Name { get; set; }

    /// <summary>Main stream, <c>rtsp://</c> or <c>rtsps://</c>. Credentials may be in the URL or below.
    /// Empty for a camera fed by an RTMP publisher (<see cref="StreamKey"/>).</summary>
    public string Url { get; set; } = "";

    /// <summary>Optional sub stream (lower resolution), served as <c>/&lt;camera&gt;/sub</c>.</summary>
    public string? SubUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary><c>auto</c> (UDP, falling back to TCP when no packet arrives), <c>tcp</c>, <c>udp</c>, <c>multicast</c>.</summary>
    public string Transport { get; set; } = "auto";

    /// <summary>Record this camera continuously.</summary>
    public bool Record { get; set; } = true;

    /// <summary>Retention of this camera's footage in days (default: <c>Recording:MaxAgeDays</c>; 0 = unlimited).</summary>
    public double? MaxAgeDays { get; set; }

    /// <summary>Retention of this camera's footage in bytes (default: <c>Recording:MaxBytes</c>; 0 = unlimited).</summary>
    public long? MaxBytes { get; set; }

    /// <summary>
    /// Makes this an RTMP publish source instead of a pulled camera: an encoder (OBS, FFmpeg, a
    /// camera's RTMP push) publishes to <c>rtmp://host:1935/live/&lt;Id&gt;?key=&lt;StreamKey&gt;</c>.
    /// At least 16 characters; never logged or served. Leave <see cref="Url"/> empty.
    /// </summary>
    public string? StreamKey { get; set; }

    /// <summary>ONVIF device address (<c>host</c>, <c>host:port</c> or a device service URL). When set,
    /// nvr subscribes to the camera's events (motion, tamper, digital inputs), offers PTZ and reports
    /// its clock skew, with <see cref="Username"/>/<see cref="Password"/> as the ONVIF credentials.</summary>
    public string? Onvif { get; set; }

    /// <summary>JPEG snapshot URI (filled from ONVIF GetSnapshotUri when added by ONVIF).</summary>
    public string? SnapshotUrl { get; set; }

    /// <summary>Set to false to keep a camera in the file without connecting to it.</summary>
    public bool Enabled { get; set; } = true;
}
