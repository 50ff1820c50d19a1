using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Events;

namespace Nvr.Http;

/// <summary>
/// <c>POST /api/cameras/{id}/events</c>, <c>GET /api/events?camera=&amp;from=&amp;to=</c> and
/// <c>POST /api/cameras/{id}/recording</c> {enabled}.
/// </summary>
public static class EventEndpoints
{
    private static readonly TimeSpan MaxEventLength = TimeSpan.FromDays(1);

    public static void Map(WebApplication app)
    {
        app.MapPost("/api/cameras/{id}/events", (string id, EventRequest? body, NvrOptions options, ExternalEvents events, TimeProvider time) =>
        {
            if (!options.Cameras.Any(c => c.Id == id)) return Error(404, $"no camera '{id}'");
            body ??= new EventRequest(null, null, null, null, null);
            var kind = body.Kind ?? "motion";
            if (!ExternalEvents.IsValidKind(kind)) return Error(400, "kind must be 1-32 characters of a-z, 0-9, '_'");
            var start = body.Start ?? time.GetUtcNow();
            var end = body.End ?? start + TimeSpan.FromSeconds(body.Duration ?? 0);
            if (body.Duration is < 0 || end < start) return Error(400, "the end is before the start");
            if (end - start > MaxEventLength) return Error(400, "an event lasts at most one day");
            if (body.Data is { Count: > 32 } || body.Data?.Any(kv => kv.Key.Length > 64 || kv.Value.Length > 1024) == true)
            {
                return Error(400, "data: at most 32 entries, keys ≤ 64 and values ≤ 1024 characters");
            }
            var e = events.Report(id, kind, start, end, body.Data ?? []);
            return Results.Json(Info(e), NvrJsonContext.Default.EventInfo, statusCode: 201);
        });

        app.MapGet("/api/events", (string? camera, DateTimeOffset? from, DateTimeOffset? to, int? limit, EventStore store, TimeProvider time) =>
        {
            var upper = to ?? time.GetUtcNow().AddYears(100);
            var lower = from ?? DateTimeOffset.UnixEpoch;
            var rows = store.Query(camera, lower.UtcDateTime, upper.UtcDateTime, Math.Clamp(limit ?? 500, 1, 5000));
            return Results.Json(rows.Select(Info).ToArray(), NvrJsonContext.Default.EventInfoArray);
        });

        app.MapPost("/api/cameras/{id}/recording", (string id, RecordingRequest body, RecordingSwitch recording) =>
            recording.Set(id, body.Enabled, "api")
                ? Results.Json(new RecordingState(id, body.Enabled), NvrJsonContext.Default.RecordingState)
                : Error(404, $"no camera '{id}'"));
    }

    private static EventInfo Info(StoredEvent e) => new(e.Id, e.Camera, e.Kind, e.Start, e.End, e.Data);

    private static IResult Error(int status, string message) =>
        Results.Json(new ErrorResponse(message), NvrJsonContext.Default.ErrorResponse, statusCode: status);
}
