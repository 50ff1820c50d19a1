using Nvr.Configuration;
using Nvr.Mqtt;
using Nvr.Streaming.Events;

namespace Nvr.MqttGlue;

/// <summary>
/// Runs <see cref="MqttService"/> for the life of the process. MQTT is never a reason to stop
/// recording or serving: the service reports problems in its status (GET /api/health) and retries.
/// </summary>
public sealed class MqttHostedService : BackgroundService
{
    public MqttHostedService(NvrOptions options, EventBus bus, NvrMqttStateSource state, NvrMqttCommandHandler commands,
        NvrMqttStatsSource stats, NvrMqttUserValidator users, TimeProvider time, ILoggerFactory loggers,
        Nvr.Cameras.CameraManager cameras, Nvr.OnvifGlue.OnvifCameras onvif)
    {
        var http = new Uri($"http://{Host(options.Http.Address)}:{options.Http.Port}/");
        Service = new MqttService(
            options.Mqtt, bus, state,
            new MqttDevice("Nvr", BuildInfo.Version, http.ToString()),
            time, loggers, commands, stats,
            new FileMqttAnnouncementStore(Path.Combine(options.DataDir, "mqtt-topics.json")),
            users,
            new MqttPlaybackLinks(http, new Uri($"rtsp://{Host(options.Rtsp.Address)}:{options.Rtsp.Port}/"),
                new Uri($"rtmp://{Host(options.Rtmp.Address)}:{options.Rtmp.Port}/"), TimeSpan.FromSeconds(5)));
        Subscribe(cameras, onvif);
    }

    public MqttService Service { get; }

    // Cameras added at runtime and ONVIF device info (manufacturer, PTZ buttons) are announced at once.
    private void Subscribe(Nvr.Cameras.CameraManager cameras, Nvr.OnvifGlue.OnvifCameras onvif)
    {
        cameras.CameraAdded += (_, _) => Service.Refresh();
        onvif.DeviceConnected += _ => Service.Refresh();
    }

    private static string Host(string address) => address is "0.0.0.0" or "::" ? System.Net.Dns.GetHostName() : address;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Service.RunAsync(stoppingToken);
}
