using Nvr.Configuration;
using Nvr.Streaming;

namespace Nvr.Cameras;

/// <summary>Creates the ingest for one camera stream (RTSP today; RTMP publish and others later).</summary>
public interface IStreamIngestFactory
{
    IStreamIngest Create(CameraOptions camera, string url, Feed feed, IngestStatistics statistics);
}
