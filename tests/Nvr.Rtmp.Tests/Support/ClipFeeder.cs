using System.Diagnostics;
using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>
/// Publishes a clip into a feed like a live camera: paced by its timestamps (optionally faster
/// than real time), looping with continuing timestamps, until disposed.
/// </summary>
internal sealed class ClipFeeder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public ClipFeeder(Feed feed, ClipMedia media, double speed = 1.0)
    {
        Feed = feed;
        _run = RunAsync(feed, media, speed, _stop.Token);
    }

    public Feed Feed { get; }

    public long Published { get; private set; }

    private async Task RunAsync(Feed feed, ClipMedia media, double speed, CancellationToken cancellationToken)
    {
        await Task.Yield();
        feed.SetDescription(media.Description);
        // Loop period: the end of the longest track (AAC priming makes audio run past the video), on the video frame grid.
        var end = media.Units.Max(u => (u.Dts + 1) / (double)media.Description.Track(u.TrackId)!.ClockRate);
        var period = Math.Ceiling(Math.Max(end, media.DurationSeconds) * ClipSources.Fps + 1) / ClipSources.Fps;
        var clock = Stopwatch.StartNew();
        for (var loop = 0; !cancellationToken.IsCancellationRequested; loop++)
        {
            foreach (var unit in media.Units)
            {
                var rate = media.Description.Track(unit.TrackId)!.ClockRate;
                var offset = (long)Math.Round(loop * period * rate);
                var due = TimeSpan.FromSeconds((unit.Dts + offset) / (double)rate / speed);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                feed.Publish(new MediaUnit(unit.TrackId, unit.Pts + offset, unit.Dts + offset, unit.IsKeyframe, unit.Payload));
                Published++;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
