using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Recording;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Recording.Time;
using Nvr.Streaming.Events;

namespace Nvr.RecordingGlue;

/// <summary>
/// Runs the <see cref="RecordingService"/>: recovery of the files first, then one recorder per
/// camera stream (attached to the long-lived Feed, so it survives camera reconnects), retention,
/// and the runtime recording switch.
/// </summary>
public sealed class RecordingHostedService : BackgroundService
{
    public RecordingHostedService(NvrOptions options, IndexDatabase index, EventBus bus, TimeProvider time, CameraManager cameras, RecordingSwitch recording)
    {
        Service = new RecordingService(options.Recording.ToOptions(options), index, bus, time,
            new AdjtimexClockSyncState(), new DriveFreeSpaceProvider(), new SegmentFileSystem());
        foreach (var s in cameras.Streams)
        {
            Service.AddStream(s.Camera.Id, s.Name, s.Feed, recording.IsEnabled(s.Camera.Id));
        }
        // Cameras added at runtime (POST /api/cameras) record like configured ones.
        cameras.CameraAdded += (camera, streams) =>
        {
            recording.Add(camera.Id, camera.Record && camera.Enabled);
            foreach (var s in streams) Service.AddStream(s.Camera.Id, s.Name, s.Feed, recording.IsEnabled(s.Camera.Id));
        };
        // The switch announces RecordingChanged itself; the service only follows.
        recording.Changed += (camera, enabled, reason) => Service.SetRecording(camera, enabled, reason, announce: false);
    }

    public RecordingService Service { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Service.RunAsync(stoppingToken);
}
