using System.Diagnostics.CodeAnalysis;

namespace Nvr.Streaming;

/// <summary>
/// Feeds by path (e.g. "front/main"; ordinal, case-sensitive — the server maps its URL scheme to
/// paths). Camera supervisors create feeds with <see cref="GetOrCreate"/>; servers look them up
/// with <see cref="TryGet"/>, or wait a bounded time with <see cref="WaitForOnlineAsync"/> when a
/// client connects before its camera is online. Thread-safe.
/// </summary>
public sealed class FeedRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
    private readonly FeedOptions _defaultOptions;
    private readonly TimeProvider _time;

    // Completed (and replaced) whenever a feed is added, to wake waiters for paths not yet known.
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FeedRegistry(FeedOptions? defaultOptions = null, TimeProvider? timeProvider = null)
    {
        _defaultOptions = defaultOptions ?? FeedOptions.Default;
        _defaultOptions.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    public int Count
    {
        get { lock (_lock) return _feeds.Count; }
    }

    /// <summary>
    /// The feed at <paramref name="path"/>, created (offline) with <paramref name="options"/> or the
    /// registry's defaults if there is none or the existing one was completed. The options of an
    /// existing feed are not changed.
    /// </summary>
    public Feed GetOrCreate(string path, FeedOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TaskCompletionSource added;
        Feed feed;
        lock (_lock)
        {
            if (_feeds.TryGetValue(path, out var existing) && existing.State != FeedState.Completed) return existing;
            feed = new Feed(path, options ?? _defaultOptions, _time);
            _feeds[path] = feed;
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
        return feed;
    }

    public bool TryGet(string path, [NotNullWhen(true)] out Feed? feed)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock) return _feeds.TryGetValue(path, out feed);
    }

    /// <summary>Removes the feed at <paramref name="path"/> and completes it (its readers see the end).</summary>
    public bool Remove(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Feed? feed;
        lock (_lock)
        {
            if (!_feeds.Remove(path, out feed)) return false;
        }
        feed.Complete();
        return true;
    }

    /// <summary>A snapshot of the registered feeds (for metrics and the API), in no particular order.</summary>
    public Feed[] GetFeeds()
    {
        lock (_lock)
        {
            var feeds = new Feed[_feeds.Count];
            _feeds.Values.CopyTo(feeds, 0);
            return feeds;
        }
    }

    /// <summary>
    /// The feed at <paramref name="path"/> once it exists and is online, or null when that does not
    /// happen within <paramref name="timeout"/> (measured on the registry's <see cref="TimeProvider"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever). Throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<Feed?> WaitForOnlineAsync(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryGet(path, out var ready) && ready.State == FeedState.Online) return ready;

        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            while (true)
            {
                Feed? feed;
                Task added;
                lock (_lock)
                {
                    _feeds.TryGetValue(path, out feed);
                    added = _added.Task;
                }
                if (feed is not null && await feed.WaitForOnlineAsync(linked.Token).ConfigureAwait(false))
                {
                    return feed;
                }
                // No feed yet, or it was completed: wait for the next feed to be added anywhere, then look again.
                await added.WaitAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
