using Nvr.Http;

namespace Nvr.OnvifGlue;

/// <summary>
/// <c>GET /api/onvif/discover[?host=&amp;timeout=]</c>, <c>POST /api/cameras</c> (add by ONVIF),
/// <c>POST /api/cameras/{id}/ptz</c>, <c>GET /api/cameras/{id}/ptz/presets</c>.
/// </summary>
public static class OnvifEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/onvif/discover", async (string? host, double? timeout, OnvifDiscovery discovery, CancellationToken ct) =>
        {
            var (status, error, devices) = await discovery.DiscoverAsync(host, timeout, ct).ConfigureAwait(false);
            return devices is null ? Error(status, error) : Results.Json(devices, NvrJsonContext.Default.DiscoveredDeviceInfoArray);
        });

        app.MapPost("/api/cameras", async (HttpRequest http, OnvifCameraSetup setup, CancellationToken ct) =>
        {
            var body = await ReadAsync(http, NvrJsonContext.Default.AddCameraRequest, ct).ConfigureAwait(false);
            if (body is null) return Error(400, "the body must be JSON: { \"Onvif\": \"host[:port]\", \"Username\": …, \"Password\": … }");
            var (status, error, added) = await setup.AddAsync(body, ct).ConfigureAwait(false);
            return added is null ? Error(status, error) : Results.Json(added, NvrJsonContext.Default.CameraAddedResponse, statusCode: 201);
        });

        app.MapPost("/api/cameras/{id}/ptz", async (string id, HttpRequest http, OnvifPtz ptz, CancellationToken ct) =>
        {
            var body = await ReadAsync(http, NvrJsonContext.Default.PtzRequest, ct).ConfigureAwait(false);
            if (body is null) return Error(400, "the body must be JSON: { \"Action\": \"move\" | \"stop\" | \"goto\" | \"set\", … }");
            var (status, error, result) = await ptz.ExecuteAsync(id, body, ct).ConfigureAwait(false);
            return result is null ? Error(status, error) : Results.Json(result, NvrJsonContext.Default.PtzResponse);
        });

        app.MapGet("/api/cameras/{id}/ptz/presets", async (string id, OnvifPtz ptz, CancellationToken ct) =>
        {
            var (status, error, presets) = await ptz.GetPresetsAsync(id, ct).ConfigureAwait(false);
            return presets is null ? Error(status, error) : Results.Json(presets, NvrJsonContext.Default.PtzPresetInfoArray);
        });
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await http.ReadFromJsonAsync(type, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string? message) =>
        Results.Json(new ErrorResponse(message ?? "error"), NvrJsonContext.Default.ErrorResponse, statusCode: status);
}
