using System.Text.Json;
using System.Text.Json.Nodes;
using Nvr.Mqtt.Json;
using Nvr.Streaming.Events;

namespace Nvr.Mqtt;

/// <summary>The JSON payloads of <c>&lt;prefix&gt;/events</c> and <c>&lt;prefix&gt;/stats</c> (pure).</summary>
internal static class MqttPayloadBuilder
{
    public static string PhaseName(EventPhase phase) => phase switch
    {
        EventPhase.New => "new",
        EventPhase.Update => "update",
        _ => "end",
    };

    public static byte[] Event(EventPhase phase, string id, string? camera, string kind, DateTimeOffset start, DateTimeOffset? end, JsonObject data, IReadOnlyDictionary<string, string>? playback)
    {
        var message = new MqttEventMessage
        {
            Type = PhaseName(phase),
            Id = id,
            Camera = camera,
            Kind = kind,
            Start = start.UtcDateTime,
            End = end?.UtcDateTime,
            Data = data,
            Playback = playback is { Count: > 0 } ? playback : null,
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, MqttJsonContext.Payloads.MqttEventMessage);
    }

    public static byte[] Stats(MqttStats stats, DateTimeOffset now, long reconnects, long eventsDropped)
    {
        var cameras = new Dictionary<string, MqttCameraStatsMessage>(StringComparer.Ordinal);
        foreach (var c in stats.Cameras)
        {
            cameras[c.Camera] = new MqttCameraStatsMessage
            {
                BitrateKbps = Round(c.BitrateKbps, 1),
                Fps = Round(c.Fps, 2),
                Drops = c.Drops,
                Reconnects = c.Reconnects,
            };
        }

        MqttDiskMessage? disk = null;
        if (stats.Disk is { } d)
        {
            long used = Math.Max(0, d.TotalBytes - d.FreeBytes);
            disk = new MqttDiskMessage
            {
                TotalBytes = d.TotalBytes,
                FreeBytes = d.FreeBytes,
                UsedBytes = used,
                UsedPercent = d.TotalBytes > 0 ? Round(100.0 * used / d.TotalBytes, 1) : 0,
                RecordingsBytes = d.RecordingsBytes,
            };
        }

        var message = new MqttStatsMessage
        {
            Time = now.UtcDateTime,
            UptimeSeconds = (long)Math.Max(0, stats.Uptime.TotalSeconds),
            CpuPercent = stats.CpuPercent is { } cpu ? Round(cpu, 1) : null,
            RssBytes = stats.RssBytes,
            Disk = disk,
            Cameras = cameras,
            Mqtt = new MqttSelfStatsMessage { Reconnects = reconnects, EventsDropped = eventsDropped },
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, MqttJsonContext.Payloads.MqttStatsMessage);
    }

    /// <summary>NaN and infinities are not JSON: they become 0.</summary>
    private static double Round(double value, int digits) =>
        double.IsFinite(value) ? Math.Round(value, digits, MidpointRounding.AwayFromZero) : 0;
}
