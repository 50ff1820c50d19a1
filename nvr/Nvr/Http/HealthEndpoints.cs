using System.Runtime.InteropServices;
using Nvr.Cameras;
using Nvr.Hosting;
using Nvr.MqttGlue;
using Nvr.Streaming.Events;

namespace Nvr.Http;

/// <summary><c>GET /healthz</c> (200 once ready, 503 before) and <c>GET /api/version</c>.</summary>
public static class HealthEndpoints
{
    public static void Map(WebApplication app, NvrState state)
    {
        app.MapGet("/healthz", (Readiness readiness, TimeProvider time) =>
        {
            var body = new HealthResponse(
                readiness.IsReady ? "ok" : "starting",
                BuildInfo.Version,
                (long)(time.GetUtcNow() - state.StartedUtc).TotalSeconds,
                new DatabaseHealth(state.Index.Version, state.Boots));
            return Results.Json(body, NvrJsonContext.Default.HealthResponse, statusCode: readiness.IsReady ? 200 : 503);
        });
        app.MapGet("/api/health", (Readiness readiness, TimeProvider time, CameraManager cameras, MqttHostedService mqtt, Nvr.Hls.HlsMuxerHost hls) =>
        {
            var m = mqtt.Service.Status;
            var main = cameras.Streams.Where(s => s.Name == "main").ToList();
            var body = new HealthDetails(
                readiness.IsReady ? "ok" : "starting",
                (long)(time.GetUtcNow() - state.StartedUtc).TotalSeconds,
                main.Count(s => s.Supervisor.Status.State == CameraState.Online),
                main.Count,
                new MqttHealth(state.Options.Mqtt.Enabled, m.State.ToString().ToLowerInvariant(), m.Broker, m.EmbeddedBroker, m.Since,
                    m.LastError, m.LastErrorTime, m.Connects, m.Published))
            {
                Hls = HlsHealth.From(hls.GetStatus()),
            };
            return Results.Json(body, NvrJsonContext.Default.HealthDetails);
        });
        app.MapGet("/api/version", () => Results.Json(
            new VersionResponse("nvr", BuildInfo.Version, RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()),
            NvrJsonContext.Default.VersionResponse));
    }
}
