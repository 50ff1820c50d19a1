using Microsoft.Extensions.Time.Testing;
using Nvr.Streaming;
using Nvr.Testing;

namespace Nvr.Hls.Tests.Support;

/// <summary>
/// A feed and its muxer on a <see cref="FakeTimeProvider"/>: tests publish units in bursts and
/// wait (with a deadline) until the muxer has read them, so what the playlists show is exact.
/// </summary>
public sealed class MuxerHarness : IAsyncDisposable
{
    public static readonly DateTime Epoch = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private long _published;

    private MuxerHarness(HlsMuxerOptions options)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(Epoch));
        Feed = new Feed("cam", timeProvider: Time);
        Muxer = new HlsMuxer(Feed, options, Time);
        _run = Muxer.RunAsync(_stop.Token);
    }

    public FakeTimeProvider Time { get; }
    public Feed Feed { get; }
    public HlsMuxer Muxer { get; }

    /// <summary>Default options with a reader budget large enough for a burst of a minute of media.</summary>
    public static HlsMuxerOptions Options(bool lowLatency = true, IHlsAudioTranscoderFactory? transcoder = null) => new()
    {
        LowLatency = lowLatency,
        Reader = new FeedReaderOptions { MaxUnits = 100_000, MaxBytes = 1L << 30 },
        AudioTranscoder = transcoder,
    };

    public static MuxerHarness Start(HlsMuxerOptions? options = null) => new(options ?? Options());

    public Task<HlsResponse> GetAsync(string path, string? query = null) => Muxer.HandleAsync(path, query);

    public async Task<string> GetTextAsync(string path, string? query = null)
    {
        var r = await GetAsync(path, query);
        Assert.True(r.StatusCode == 200, $"{path}?{query}: {r.StatusCode} {r.BodyText}");
        return r.BodyText;
    }

    /// <summary>Publishes <paramref name="seconds"/> of <paramref name="clip"/> from media time <paramref name="from"/> and waits until the muxer read it.</summary>
    public async Task PublishAsync(TestClip clip, double seconds, double from = 0, bool setDescription = true)
    {
        if (setDescription) Feed.SetDescription(clip.Description);
        int n = 0;
        for (int loop = 0; ; loop++)
        {
            bool done = false;
            foreach (var (u, t) in clip.Loop(loop))
            {
                if (t < from) continue;
                if (t >= from + seconds)
                {
                    done = true;
                    break;
                }
                Assert.True(Feed.Publish(new Nvr.Media.MediaUnit(u.TrackId, u.Pts, u.Dts, u.IsKeyframe, u.Payload, Epoch.AddSeconds(t))));
                n++;
            }
            if (done) break;
        }
        _published += n;
        await WaitForReadAsync();
    }

    public Task WaitForReadAsync() =>
        WaitFor.ConditionAsync(() => Muxer.GetStatus().UnitsRead >= _published, TimeSpan.FromSeconds(10), $"the muxer to read {_published} units");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Muxer.Dispose();
        _stop.Dispose();
    }
}
