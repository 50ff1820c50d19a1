using Nvr.Streaming;

namespace Nvr.Hls;

/// <summary>
/// The muxers of a server: one <see cref="HlsMuxer"/> per feed, created by the first playlist
/// request for it and closed when idle. The HTTP layer calls <see cref="HandleAsync"/> for
/// <c>GET /live/&lt;camera&gt;/&lt;path&gt;</c>; the host runs <see cref="RunAsync"/> for as long as
/// the server runs (it sweeps idle muxers and, on cancellation, stops them all).
/// </summary>
/// <remarks>
/// Each muxer's <see cref="HlsMuxer.RunAsync"/> task is kept with it and awaited when the muxer
/// is removed (idle, feed removed, shutdown). Only playlist requests create a muxer: a segment
/// URI names a muxer instance, so after a restart old URIs answer 404 instead of starting one.
/// Thread-safe.
/// </remarks>
public sealed class HlsMuxerHost : IAsyncDisposable
{
    private readonly FeedRegistry _feeds;
    private readonly HlsMuxerOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _muxers = new(StringComparer.Ordinal);
    private readonly List<Entry> _retired = []; // replaced by a new muxer; stopped by the next sweep
    private readonly Action<string, Exception>? _onFault;
    private bool _stopped;

    /// <param name="onFault">Called (feed path, exception) when a muxer's run loop failed; the host goes on. For logging.</param>
    public HlsMuxerHost(FeedRegistry feeds, HlsMuxerOptions? options = null, TimeProvider? timeProvider = null, Action<string, Exception>? onFault = null)
    {
        _onFault = onFault;
        ArgumentNullException.ThrowIfNull(feeds);
        _feeds = feeds;
        _options = options ?? HlsMuxerOptions.Default;
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Muxers alive now.</summary>
    public int Count
    {
        get { lock (_lock) return _muxers.Count; }
    }

    /// <summary>How often <see cref="RunAsync"/> looks for idle muxers: a third of the idle timeout, 0.1..10 s.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(_options.IdleTimeout.Ticks / 3, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 10));

    /// <summary>
    /// Answers <c>GET /live/&lt;camera&gt;/&lt;path&gt;?&lt;query&gt;</c> for the feed at
    /// <paramref name="feedPath"/> (the server maps the camera name to a feed path, e.g.
    /// "front/main"). Throws <see cref="OperationCanceledException"/> only for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<HlsResponse> HandleAsync(string feedPath, string path, string? query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedPath);
        ArgumentNullException.ThrowIfNull(path);
        var request = HlsRequest.Parse(path, query);
        if (request.Kind is HlsResourceKind.NotFound or HlsResourceKind.BadRequest)
        {
            return await NoMuxer(request).ConfigureAwait(false);
        }
        bool playlist = request.Kind is HlsResourceKind.MultivariantPlaylist or HlsResourceKind.MediaPlaylist;
        var muxer = playlist ? GetOrCreate(feedPath) : Find(feedPath);
        if (muxer is null) return HlsResponse.Error(404, playlist ? "unknown camera stream" : "unknown segment");
        return await muxer.HandleAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sweeps idle muxers every <see cref="SweepInterval"/> until cancelled, then stops every muxer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await SweepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes muxers that are idle, or whose feed completed; awaits their run loops.</summary>
    public async Task SweepAsync()
    {
        List<Entry> closing = [];
        lock (_lock)
        {
            closing.AddRange(_retired);
            _retired.Clear();
            foreach (var (key, entry) in _muxers.ToArray())
            {
                if (entry.Muxer.CloseIdleOutputs() || entry.Run.IsCompleted)
                {
                    _muxers.Remove(key);
                    closing.Add(entry);
                }
            }
        }
        foreach (var entry in closing) await entry.StopAsync().ConfigureAwait(false);
    }

    public IReadOnlyList<HlsMuxerStatus> GetStatus()
    {
        Entry[] entries;
        lock (_lock) entries = _muxers.Values.ToArray();
        return entries.Select(e => e.Muxer.GetStatus()).ToArray();
    }

    public ValueTask DisposeAsync() => new(StopAllAsync());

    private async Task StopAllAsync()
    {
        Entry[] entries;
        lock (_lock)
        {
            _stopped = true;
            entries = [.. _muxers.Values, .. _retired];
            _muxers.Clear();
            _retired.Clear();
        }
        foreach (var entry in entries) await entry.StopAsync().ConfigureAwait(false);
    }

    private HlsMuxer? Find(string feedPath)
    {
        lock (_lock) return _muxers.TryGetValue(feedPath, out var entry) && !entry.Muxer.IsClosed ? entry.Muxer : null;
    }

    private HlsMuxer? GetOrCreate(string feedPath)
    {
        HlsMuxer muxer;
        lock (_lock)
        {
            if (_stopped) return null;
            if (_muxers.TryGetValue(feedPath, out var existing))
            {
                if (!existing.Muxer.IsClosed && existing.Muxer.Feed.State != FeedState.Completed) return existing.Muxer;
                // Its feed was removed (and maybe created again): start over; the old one is stopped by the next sweep.
                existing.Muxer.Dispose();
                _retired.Add(existing);
                _muxers.Remove(feedPath);
            }
            if (!_feeds.TryGet(feedPath, out var feed) || feed.State == FeedState.Completed) return null;
            muxer = new HlsMuxer(feed, _options, _time);
            var stop = new CancellationTokenSource();
            // Tracked: the task is kept in the entry and awaited by StopAsync.
            var run = Task.Run(() => muxer.RunAsync(stop.Token), CancellationToken.None);
            _muxers[feedPath] = new Entry(muxer, stop, run, _onFault);
        }
        return muxer;
    }

    private static Task<HlsResponse> NoMuxer(HlsRequest request) =>
        Task.FromResult(HlsResponse.Error(request.Kind == HlsResourceKind.BadRequest ? 400 : 404, request.Error ?? "not found"));

    private sealed record Entry(HlsMuxer Muxer, CancellationTokenSource Stop, Task Run, Action<string, Exception>? OnFault)
    {
        public async Task StopAsync()
        {
            Muxer.Dispose();
            await Stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Run.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One camera's muxer failing must not stop the sweeper (and with it every other muxer).
                OnFault?.Invoke(Muxer.Feed.Name, e);
            }
            finally
            {
                Stop.Dispose();
            }
        }
    }
}
