using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Streaming;

namespace Nvr.Ingest;

/// <summary>Creates an <see cref="RtspIngest"/> per camera stream.</summary>
public sealed class RtspIngestFactory(NvrOptions options, TimeProvider time, ILoggerFactory loggers) : IStreamIngestFactory
{
    private readonly ILogger _logger = loggers.CreateLogger("Nvr.Ingest");

    public IStreamIngest Create(CameraOptions camera, string url, Feed feed, IngestStatistics statistics) =>
        new RtspIngest(camera, url, feed, statistics, options.Ingest, time, _logger);
}
