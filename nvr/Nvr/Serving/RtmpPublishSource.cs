using System.Security.Cryptography;
using System.Text;
using Nvr.Cameras;
using Nvr.Media;
using Nvr.Rtmp.Server;
using Nvr.Streaming;

namespace Nvr.Serving;

/// <summary>
/// A camera fed by an RTMP publisher (<c>Cameras[].StreamKey</c>): the ingest its
/// <see cref="CameraSupervisor"/> runs, and the one publish slot the RTMP resolver fills.
/// </summary>
/// <remarks>
/// A publisher is accepted whenever the slot is free, independent of the supervisor's runs, so a
/// reconnecting encoder never waits out a backoff. A run waits for a publisher (reporting progress so
/// the stall watchdog stays quiet), marks the stream online at its first unit, and ends with
/// <see cref="IngestFailureKind.Closed"/> when the publisher leaves. The Feed is the same object a
/// pulled camera has, so recording and every output see no difference.
/// </remarks>
public sealed class RtmpPublishSource : IStreamIngest
{
    private readonly byte[] _keyHash;
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private Publisher? _current;
    private IngestContext? _context;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RtmpPublishSource(string camera, string streamKey, Feed feed, IngestStatistics statistics, TimeProvider time)
    {
        Camera = camera;
        Feed = feed;
        Statistics = statistics;
        _time = time;
        _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(streamKey));
        statistics.SetTransport("rtmp");
    }

    public string Camera { get; }

    public Feed Feed { get; }

    public IngestStatistics Statistics { get; }

    /// <summary>True while an encoder is publishing.</summary>
    public bool IsPublishing
    {
        get
        {
            lock (_gate) return _current is not null;
        }
    }

    /// <summary>Checks the key in constant time (hashes first, so the length does not leak either).</summary>
    public bool KeyMatches(string? key) =>
        key is not null && CryptographicOperations.FixedTimeEquals(_keyHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Takes the publish slot, or null when someone is already publishing.</summary>
    public IRtmpPublishSink? TryAttach()
    {
        lock (_gate)
        {
            if (_current is not null) return null;
            _current = new Publisher(this);
            Signal();
            return _current;
        }
    }

    public async Task RunAsync(IngestContext context, CancellationToken cancellationToken)
    {
        lock (_gate) _context = context;
        try
        {
            while (true)
            {
                Publisher? publisher;
                Task changed;
                lock (_gate)
                {
                    publisher = _current;
                    changed = _changed.Task;
                }
                if (publisher is not null)
                {
                    context.ReportProgress();
                    await publisher.Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    throw new IngestException(IngestFailureKind.Closed, "the publisher disconnected");
                }
                // Waiting for a publisher is not a stall.
                context.ReportProgress();
                try
                {
                    await changed.WaitAsync(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_context, context)) _context = null;
            }
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private IngestContext? Context
    {
        get
        {
            lock (_gate) return _context;
        }
    }

    private void Detach(Publisher publisher)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, publisher)) return;
            _current = null;
            Signal();
        }
    }

    /// <summary>
    /// One accepted publish: RTMP demuxer output into the camera's Feed. Units get their wallclock
    /// like pulled cameras' (nvr/design/time.md): the arrival time of the first unit minus its PTS
    /// anchors the publish, whose tracks share the demuxer's origin (the first media tag), and each
    /// unit is that anchor plus its PTS. HLS PROGRAM-DATE-TIME and the recorder read it.
    /// </summary>
    private sealed class Publisher(RtmpPublishSource source) : IRtmpPublishSink
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private StreamDescription? _description;
        private DateTime? _anchor;
        private int _done;

        public Task Closed => _closed.Task;

        public void SetDescription(StreamDescription description)
        {
            _description = description;
            source.Feed.SetDescription(description);
            source.Context?.ReportProgress();
        }

        public void Publish(MediaUnit unit)
        {
            source.Statistics.AddPacket(unit.Payload.Length);
            int clock = _description?.Track(unit.TrackId)?.ClockRate ?? 90_000;
            _anchor ??= source._time.GetUtcNow().UtcDateTime.AddTicks(-(long)(unit.Pts * (double)TimeSpan.TicksPerSecond / clock));
            var wall = _anchor.Value.AddTicks((long)(unit.Pts * (double)TimeSpan.TicksPerSecond / clock));
            var stamped = new MediaUnit(unit.TrackId, unit.Pts, unit.Dts, unit.IsKeyframe, unit.Payload, wall);
            if (source.Feed.Publish(stamped)) source.Context?.ReportMedia();
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            source.Feed.SetOffline();
            source.Detach(this);
            _closed.TrySetResult();
        }
    }
}
