using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// Plays a <see cref="TestClip"/> into a <see cref="Feed"/> like a camera ingest does: in real
/// time on a <see cref="TimeProvider"/> (<see cref="RunAsync"/>), each unit stamped with the
/// wallclock at which it is published; or all at once with synthetic wallclocks (<see cref="PublishBurst"/>).
/// </summary>
public static class ClipPublisher
{
    /// <summary>Publishes <paramref name="loops"/> loops paced by <paramref name="time"/> (or until cancelled).</summary>
    public static async Task RunAsync(Feed feed, TestClip clip, TimeProvider time, int loops, CancellationToken cancellationToken)
    {
        feed.SetDescription(clip.Description);
        long start = time.GetTimestamp();
        // Capture time of the media as an RTCP-anchored camera reports it: start + media time,
        // however late the publishing loop itself runs.
        var startUtc = time.GetUtcNow().UtcDateTime;
        try
        {
            for (int loop = 0; loop < loops; loop++)
            {
                foreach (var (u, t) in clip.Loop(loop))
                {
                    var due = TimeSpan.FromSeconds(t) - time.GetElapsedTime(start);
                    if (due > TimeSpan.Zero) await Task.Delay(due, time, cancellationToken);
                    feed.Publish(new MediaUnit(u.TrackId, u.Pts, u.Dts, u.IsKeyframe, u.Payload, startUtc.AddSeconds(t)));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Publishes the first <paramref name="seconds"/> of loops 0, 1, … at once; wallclock = <paramref name="epoch"/> + media time.</summary>
    public static int PublishBurst(Feed feed, TestClip clip, double seconds, DateTime epoch, int firstLoop = 0, bool setDescription = true)
    {
        if (setDescription) feed.SetDescription(clip.Description);
        int count = 0;
        for (int loop = firstLoop; ; loop++)
        {
            foreach (var (u, t) in clip.Loop(loop))
            {
                if (t >= seconds) return count;
                feed.Publish(new MediaUnit(u.TrackId, u.Pts, u.Dts, u.IsKeyframe, u.Payload, epoch.AddSeconds(t)));
                count++;
            }
        }
    }
}
