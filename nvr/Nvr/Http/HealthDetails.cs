namespace Nvr.Http;

/// <summary><c>GET /api/health</c>: the parts that can be unwell without stopping nvr.</summary>
public sealed record HealthDetails(string Status, long UptimeSeconds, int CamerasOnline, int CamerasTotal, MqttHealth Mqtt)
{
    /// <summary>Live HLS muxers (streams being watched over HLS).</summary>
    public HlsHealth? Hls { get; init; }
}
