using Nvr.Configuration;
using Nvr.Recording;
using Nvr.RecordingGlue;

namespace Nvr.Http;

/// <summary><c>GET /api/recordings?camera=&amp;stream=&amp;from=&amp;to=</c> and <c>GET /api/storage</c>.</summary>
public static class RecordingEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/recordings", (string? camera, string? stream, DateTimeOffset? from, DateTimeOffset? to,
            NvrOptions options, RecordingHostedService recording, TimeProvider time) =>
        {
            if (camera is null) return Results.Json(new ErrorResponse("camera is required"), NvrJsonContext.Default.ErrorResponse, statusCode: 400);
            if (!options.Cameras.Any(c => c.Id == camera)) return Results.Json(new ErrorResponse($"no camera '{camera}'"), NvrJsonContext.Default.ErrorResponse, statusCode: 404);
            if (stream is not null and not ("main" or "sub")) return Results.Json(new ErrorResponse("stream is main or sub"), NvrJsonContext.Default.ErrorResponse, statusCode: 400);
            var upper = (to ?? time.GetUtcNow()).UtcDateTime;
            var lower = (from ?? upper.AddDays(-1)).UtcDateTime;
            var t = recording.Service.GetRecordings(camera, stream, lower, upper);
            var body = new RecordingsResponse(t.Camera, t.Stream, t.From, t.To,
                t.Spans.Select(s => new SpanInfo(s.Stream, s.Start, s.End, s.Duration.TotalSeconds, s.Segments.Select(g => new SegmentInfo(
                    g.Id, g.Start, g.End, g.Duration.TotalSeconds, g.Bytes, g.Codecs, g.Width, g.Height, g.Frames, g.Fragments,
                    g.ClockSynchronised, g.StartReason.ToName())).ToArray())).ToArray(),
                t.Gaps.Select(g => new GapInfo(g.Stream, g.Start, g.End, (g.End - g.Start).TotalSeconds, g.ReasonName)).ToArray());
            return Results.Json(body, NvrJsonContext.Default.RecordingsResponse);
        });

        app.MapGet("/api/storage", (RecordingHostedService recording) =>
        {
            var r = recording.Service.GetStorage();
            return Results.Json(new StorageResponse(r.TotalBytes, r.VolumeTotalBytes, r.VolumeFreeBytes, r.FloorBytes, r.Oldest, r.Newest,
                r.Cameras.Select(c => new CameraStorageInfo(c.Camera, c.Bytes, c.Segments, c.Oldest, c.Newest)).ToArray()),
                NvrJsonContext.Default.StorageResponse);
        });
    }
}
