namespace Nvr.Configuration;

/// <summary>
/// The whole configuration file (<c>/etc/nvr/nvr.json</c> by default). Key names are a contract
/// with users, scripts and the issues' checks: extend, never rename.
/// </summary>
public sealed class NvrOptions
{
    /// <summary>Database (<c>nvr.db</c>) and, unless <see cref="RecordingsDir"/> is set, <c>recordings/</c>.
    /// Default matches the systemd unit's StateDirectory=nvr.</summary>
    public string DataDir { get; set; } = "/var/lib/nvr";

    /// <summary>Where segment files go; empty means <c>&lt;DataDir&gt;/recordings</c>.</summary>
    public string RecordingsDir { get; set; } = "";

    /// <summary>HTTP API, UI, HLS, HTTP-FLV. 8080: the port DESIGN.md names, unprivileged.</summary>
    public HttpOptions Http { get; set; } = new() { Port = 8080 };

    /// <summary>RTSP server. 8554: the unprivileged RTSP port MediaMTX and go2rtc use.</summary>
    public RtspSection Rtsp { get; set; } = new() { Port = 8554 };

    /// <summary>RTMP server (and who may play). 1935: the IANA-registered RTMP port.</summary>
    public RtmpListenerOptions Rtmp { get; set; } = new() { Port = 1935 };

    public List<CameraOptions> Cameras { get; set; } = [];

    /// <summary>Users of the servers, the API and the embedded MQTT broker. None by default.</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>MQTT (Home Assistant). No <c>Host</c>: the embedded broker on <c>Broker:Port</c> (1883).
    /// Problems here never stop nvr: they show in <c>GET /api/health</c>.</summary>
    public Nvr.Mqtt.MqttOptions Mqtt { get; set; } = new();

    /// <summary>Segment files, durability and retention.</summary>
    public RecordingSection Recording { get; set; } = new();

    /// <summary>Live HLS (segment and part durations, window, idle timeout, CORS).</summary>
    public HlsSection Hls { get; set; } = new();

    /// <summary>Timeouts of camera ingest.</summary>
    public Ingest.IngestOptions Ingest { get; set; } = new();

    /// <summary>ONVIF: events, discovery and clock-skew warnings.</summary>
    public OnvifGlue.OnvifSection Onvif { get; set; } = new();

    public string ResolvedRecordingsDir =>
        string.IsNullOrEmpty(RecordingsDir) ? Path.Combine(DataDir, "recordings") : RecordingsDir;
}
