using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Ingest;
using Nvr.Streaming;

namespace Nvr.Serving;

/// <summary>
/// The camera ingest factory of the host: cameras with a <c>StreamKey</c> get an
/// <see cref="RtmpPublishSource"/> (kept here for the RTMP resolver to find by camera id), all
/// others an RTSP ingest. <see cref="CameraManager"/> stays unaware of the difference.
/// </summary>
public sealed class RtmpPublishSources(RtspIngestFactory rtsp, TimeProvider time) : IStreamIngestFactory
{
    private readonly ConcurrentDictionary<string, RtmpPublishSource> _sources = new(StringComparer.Ordinal);

    public IStreamIngest Create(CameraOptions camera, string url, Feed feed, IngestStatistics statistics)
    {
        if (camera.StreamKey is null) return rtsp.Create(camera, url, feed, statistics);
        var source = new RtmpPublishSource(camera.Id, camera.StreamKey, feed, statistics, time);
        // A re-created camera (configuration reload) replaces its source; a publisher of the old one
        // keeps feeding the old Feed until it disconnects.
        _sources[camera.Id] = source;
        return source;
    }

    public bool TryGet(string camera, [NotNullWhen(true)] out RtmpPublishSource? source) => _sources.TryGetValue(camera, out source);
}
