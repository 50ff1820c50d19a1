using System.Runtime.InteropServices;
using Nvr.Hosting;

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
        app.MapGet("/api/version", () => Results.Json(
            new VersionResponse("nvr", BuildInfo.Version, RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()),
            NvrJsonContext.Default.VersionResponse));
    }
}
