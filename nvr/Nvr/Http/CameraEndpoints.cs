using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Media;
using Nvr.OnvifGlue;

namespace Nvr.Http;

/// <summary><c>GET /api/cameras</c> and <c>GET /api/cameras/{id}</c>.</summary>
public static class CameraEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/cameras", (NvrOptions options, CameraManager cameras, OnvifCameras onvif, TimeProvider time) =>
            Results.Json(options.Cameras.Select(c => Describe(c, cameras, time, options) with { Onvif = onvif.Find(c.Id)?.Describe() }).ToArray(), NvrJsonContext.Default.CameraInfoArray));

        app.MapGet("/api/cameras/{id}", (string id, NvrOptions options, CameraManager cameras, OnvifCameras onvif, TimeProvider time) =>
        {
            var camera = options.Cameras.FirstOrDefault(c => c.Id == id);
            return camera is null
                ? Results.Json(new ErrorResponse($"no camera '{id}'"), NvrJsonContext.Default.ErrorResponse, statusCode: 404)
                : Results.Json(Describe(camera, cameras, time, options) with { Onvif = onvif.Find(camera.Id)?.Describe() }, NvrJsonContext.Default.CameraInfo);
        });
    }

    internal static CameraInfo Describe(CameraOptions c, CameraManager cameras, TimeProvider time, NvrOptions options)
    {
        var main = cameras.Find(c.Id, "main");
        var sub = cameras.Find(c.Id, "sub");
        var mainInfo = main is null ? null : Describe(main, time, options);
        return new CameraInfo(c.Id, c.Name ?? c.Id, c.Enabled, c.Record, mainInfo?.State ?? "disabled", mainInfo, sub is null ? null : Describe(sub, time, options));
    }

    private static StreamInfo Describe(CameraStream s, TimeProvider time, NvrOptions options)
    {
        var status = s.Supervisor.Status;
        // An RTMP publish source: no URL to show (and never the key); until media flows it waits.
        var publish = s.Camera.StreamKey is not null;
        var reason = publish && status.State != Streaming.Events.CameraState.Online ? "waiting for publisher" : status.Reason;
        var feed = s.Feed.GetStatistics();
        var d = s.Feed.Description;
        var v = d?.Video;
        var a = d?.Audio;
        return new StreamInfo(
            publish ? $"rtmp publish: /live/{s.Camera.Id}" : UrlRedactor.Redact(s.Url),
            status.State.ToString().ToLowerInvariant(),
            reason,
            status.Since,
            s.Statistics.Transport,
            v is null ? null : new VideoInfo(CodecName(v.Codec), v.Width, v.Height, v.Profile, v.Level),
            a is null ? null : new AudioInfo(CodecName(a.Codec), a.SampleRate, a.Channels),
            Math.Round(feed.FramesPerSecond, 2),
            Math.Round(feed.BitsPerSecond / 1000, 1),
            s.Statistics.PacketsReceived,
            s.Statistics.BytesReceived,
            s.Statistics.PacketsLost,
            s.Statistics.PacketsReordered,
            s.Statistics.UnitsDropped,
            status.Reconnects,
            feed.LastKeyframeAt is { } k ? Math.Round((time.GetUtcNow() - k).TotalSeconds, 3) : null,
            feed.DescriptionVersion,
            feed.ReaderCount,
            StreamOutputs.For(s.Camera.Id, s.Name, d, options));
    }

    public static string CodecName(MediaCodec codec) => codec switch
    {
        MediaCodec.H264 => "h264",
        MediaCodec.H265 => "h265",
        MediaCodec.Aac => "aac",
        MediaCodec.Pcma => "pcma",
        MediaCodec.Pcmu => "pcmu",
        MediaCodec.Mjpeg => "mjpeg",
        _ => "unknown",
    };
}
