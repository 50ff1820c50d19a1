using System.Security.Cryptography;
using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Hls;

/// <summary>
/// The HLS muxer of one <see cref="Streaming.Feed"/>: reads it through its own
/// <see cref="FeedReader"/> and keeps, per requested format, a live window of segments —
/// fMP4 with LL-HLS parts and/or MPEG-TS — that <see cref="HandleAsync(HlsRequest, CancellationToken)"/>
/// serves (RFC 8216bis; design: <c>nvr/design/hls.md</c>).
/// </summary>
/// <remarks>
/// <para><b>Lifetime.</b> Created on the first request for the feed; its owner (an
/// <see cref="HlsMuxerHost"/>, or the server) awaits <see cref="RunAsync"/> and cancels it once
/// <see cref="CloseIdleOutputs"/> reports it idle. An output (fMP4 or TS) is created by the first
/// request for its format — primed with the muxer's copy of the current GOP so it starts at the
/// latest keyframe — and dropped after <see cref="HlsMuxerOptions.IdleTimeout"/> without requests.</para>
/// <para><b>Tracks.</b> The first H.264/H.265 video track and the first audio track if it is AAC
/// or an <see cref="IHlsAudioTranscoder"/> makes it AAC. G.711 without a transcoder is left out
/// (<see cref="HlsAudioMode.Unsupported"/>): browsers cannot decode it (neither MSE nor Safari's
/// native HLS). Transcoding happens once per muxer, before the outputs, so both carry the same audio.</para>
/// <para><b>Runs.</b> A description change ends the current segment; the next one starts with
/// EXT-X-DISCONTINUITY (and, in fMP4, a new EXT-X-MAP when the codec parameters changed). A feed
/// going offline ends the segment the same way; a reader resync (units dropped) too.</para>
/// <para><b>Threading.</b> All segment state is guarded by one lock, held by the reader loop
/// while it appends a batch of units and by requests while they look up or render; waiting
/// requests (blocking playlist reload, preload-hinted parts) wait on a signal that the loop
/// replaces after every batch. Nothing blocks the feed: the reader drops to resync on overflow.</para>
/// </remarks>
public sealed partial class HlsMuxer : IDisposable
{
    /// <summary>Most units the muxer keeps of the current GOP to prime a new output.</summary>
    private const int MaxGopUnits = 2048;

    private readonly Lock _lock = new();
    private readonly HlsMuxerOptions _options;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HlsFmp4Output? _fmp4;
    private HlsTsOutput? _ts;
    private HlsTracks? _tracks;
    private StreamDescription? _description;
    private IHlsAudioTranscoder? _transcoder;
    private bool _newRun = true;
    private readonly List<MediaUnit> _gop = [];
    private long _gopBytes;
    private bool _gopValid;
    private readonly List<MediaUnit> _transcoded = [];
    private readonly MediaUnit[] _one = new MediaUnit[1];
    private bool _closed;
    private string _closedReason = "";
    private long _unitsRead;
    private long _lastAccess;

    public HlsMuxer(Feed feed, HlsMuxerOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _options = options ?? HlsMuxerOptions.Default;
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        Feed = feed;
        Instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        _lastAccess = _time.GetTimestamp();
    }

    public Feed Feed { get; }

    /// <summary>Random id of this muxer in segment URIs (8 hex digits): URIs are never reused by a later muxer.</summary>
    public string Instance { get; }

    public HlsMuxerOptions Options => _options;

    /// <summary>Times the audio transcoder threw (it is then dropped until the next description).</summary>
    public int TranscoderFailures { get; private set; }

    /// <summary>True once the feed completed, the run loop ended or <see cref="Dispose"/> was called.</summary>
    public bool IsClosed
    {
        get { lock (_lock) return _closed; }
    }

    /// <summary>
    /// Reads the feed until <paramref name="cancellationToken"/> fires or the feed completes.
    /// Returns normally in both cases; the muxer is closed afterwards.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var reader = Feed.OpenReader(_options.Reader);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                bool completed;
                lock (_lock)
                {
                    long before = VersionSum();
                    completed = Process(result);
                    // Take what else is queued in the same critical section (a GOP from the cache arrives at once).
                    for (int i = 0; i < 256 && !completed && reader.TryRead(out var next); i++) completed = Process(next);
                    if (completed) Close("the feed was removed");
                    if (VersionSum() == before && !completed) continue;
                }
                Signal();
                if (completed) return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_lock) Close("the muxer was stopped");
            Signal();
        }
    }

    /// <summary>
    /// Drops outputs without requests for <see cref="HlsMuxerOptions.IdleTimeout"/>; returns true
    /// when none is left and the muxer itself was idle that long (time to cancel <see cref="RunAsync"/>).
    /// </summary>
    public bool CloseIdleOutputs()
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (_fmp4 is not null && _time.GetElapsedTime(_fmp4.LastAccess, now) > _options.IdleTimeout) _fmp4 = null;
            if (_ts is not null && _time.GetElapsedTime(_ts.LastAccess, now) > _options.IdleTimeout) _ts = null;
            return _closed || (_fmp4 is null && _ts is null && _time.GetElapsedTime(_lastAccess, now) > _options.IdleTimeout);
        }
    }

    public HlsMuxerStatus GetStatus()
    {
        lock (_lock)
        {
            var outputs = new List<HlsOutputStatus>(2);
            foreach (var o in Outputs())
            {
                outputs.Add(new HlsOutputStatus
                {
                    Format = o.Format,
                    LowLatency = o.LowLatency,
                    CarriesVideo = o.CarriesVideo,
                    CarriesAudio = o.CarriesAudio,
                    Codecs = o.Tracks?.Codecs(o.Format) ?? "",
                    TargetDuration = o.TargetDuration,
                    Segments = o.Segments.Count,
                    LastMsn = o.Segments.Count > 0 ? o.Segments[^1].Msn : -1,
                    SegmentsCompleted = o.SegmentsCompleted,
                    Bytes = o.TotalBytes,
                    PeakBitrate = o.PeakBitrate,
                    UnitsRejected = o.UnitsRejected,
                });
            }
            return new HlsMuxerStatus
            {
                Feed = Feed.Name,
                Instance = Instance,
                Closed = _closed,
                AudioMode = _tracks?.AudioMode ?? HlsAudioMode.None,
                SourceAudioCodec = _tracks?.SourceAudioCodec ?? MediaCodec.Unknown,
                UnitsRead = _unitsRead,
                Outputs = outputs,
            };
        }
    }

    /// <summary>
    /// What HLS will do with the audio of <paramref name="description"/>, without a muxer (for
    /// the camera API): AAC passes through, G.711 needs a transcoder, no audio is None.
    /// </summary>
    public static HlsAudioMode PredictAudioMode(StreamDescription description, bool transcoderAvailable)
    {
        ArgumentNullException.ThrowIfNull(description);
        var audio = description.Audio;
        if (audio is null) return HlsAudioMode.None;
        if (audio.Codec == MediaCodec.Aac) return HlsAudioMode.Passthrough;
        return transcoderAvailable ? HlsAudioMode.Transcoded : HlsAudioMode.Unsupported;
    }

    /// <summary>Closes the muxer: waiting requests are answered, new ones get 404. Idempotent.</summary>
    public void Dispose()
    {
        lock (_lock) Close("the muxer was closed");
        Signal();
    }

    private void Close(string reason)
    {
        if (_closed) return;
        _closed = true;
        _closedReason = reason;
        _transcoder?.Dispose();
        _transcoder = null;
    }

    /// <summary>Under the lock: applies one read result; true when the feed completed.</summary>
    private bool Process(FeedReadResult result)
    {
        if (_closed) return result.Status == FeedReadStatus.Completed;
        switch (result.Status)
        {
            case FeedReadStatus.Unit:
                _unitsRead++;
                if (result.DescriptionChanged) ApplyDescription(result.Description!);
                if (result.Discontinuity)
                {
                    foreach (var o in Outputs()) o.EndRun(keepTimeline: true);
                    ClearGop(valid: false);
                }
                Dispatch(result.Unit!);
                return false;
            case FeedReadStatus.Offline:
                foreach (var o in Outputs()) o.EndRun(keepTimeline: false);
                ClearGop(valid: false);
                _newRun = true;
                return false;
            case FeedReadStatus.Completed:
                foreach (var o in Outputs()) o.EndRun(keepTimeline: false);
                return true;
            default:
                return false;
        }
    }

    private void ApplyDescription(StreamDescription description)
    {
        var previous = _description;
        _description = description;
        // Same camera parameters within the same run (e.g. a reader's first unit): nothing to do.
        if (!_newRun && previous is not null && _tracks is not null && HlsTracks.Same(previous.Video, description.Video)
            && HlsTracks.Same(previous.Audio, description.Audio))
        {
            return;
        }
        _transcoder?.Dispose();
        var tracks = HlsTracks.Select(description, _options.AudioTranscoder, out _transcoder);
        bool newTimeline = _newRun || _tracks is null || !_tracks.SameAs(tracks);
        _newRun = false;
        _tracks = tracks;
        ClearGop(valid: false);
        foreach (var o in Outputs()) o.SetTracks(tracks, newTimeline);
    }

    private void Dispatch(MediaUnit unit)
    {
        var tracks = _tracks;
        if (tracks is null || tracks.IsEmpty) return;
        IReadOnlyList<MediaUnit> units;
        bool reference;
        if (unit.TrackId == tracks.Video?.Id)
        {
            _one[0] = unit;
            units = _one;
            reference = true;
        }
        else if (unit.TrackId == tracks.AudioSourceId)
        {
            reference = tracks.Video is null;
            if (tracks.AudioMode == HlsAudioMode.Transcoded)
            {
                if (_transcoder is null) return; // it failed earlier in this run: the outputs go on without audio
                _transcoded.Clear();
                try
                {
                    _transcoder.Transcode(unit, _transcoded);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A broken transcoder must not end the video: drop it (and the audio) for this run.
                    TranscoderFailures++;
                    _transcoder.Dispose();
                    _transcoder = null;
                    return;
                }
                units = _transcoded;
            }
            else
            {
                _one[0] = unit;
                units = _one;
            }
        }
        else
        {
            return;
        }
        foreach (var u in units)
        {
            AddToGop(u, reference);
            _fmp4?.Write(u, reference);
            _ts?.Write(u, reference);
        }
    }

    /// <summary>The muxer's copy of the current GOP (units from the latest reference keyframe), to prime an output created later.</summary>
    private void AddToGop(MediaUnit unit, bool reference)
    {
        if (reference && unit.IsKeyframe) ClearGop(valid: true);
        if (!_gopValid) return;
        if (_gop.Count >= MaxGopUnits || _gopBytes + unit.Payload.Length > _options.Reader.MaxBytes)
        {
            ClearGop(valid: false);
            return;
        }
        _gop.Add(unit);
        _gopBytes += unit.Payload.Length;
    }

    private void ClearGop(bool valid)
    {
        _gop.Clear();
        _gopBytes = 0;
        _gopValid = valid;
    }

    /// <summary>Under the lock: the output of <paramref name="format"/>, created and primed if needed.</summary>
    private HlsOutput EnsureOutput(HlsFormat format)
    {
        HlsOutput? output = format == HlsFormat.MpegTs ? _ts : _fmp4;
        if (output is not null) return output;
        long now = _time.GetTimestamp();
        if (format == HlsFormat.MpegTs) output = _ts = new HlsTsOutput(_options, Instance, _time, now);
        else output = _fmp4 = new HlsFmp4Output(_options, Instance, _time, now);
        if (_tracks is not null)
        {
            output.SetTracks(_tracks, newTimeline: true);
            int referenceId = _tracks.Reference?.Id ?? -1;
            foreach (var u in _gop) output.Write(u, u.TrackId == referenceId);
        }
        return output;
    }

    private IEnumerable<HlsOutput> Outputs()
    {
        if (_fmp4 is not null) yield return _fmp4;
        if (_ts is not null) yield return _ts;
    }

    private long VersionSum() => (_fmp4?.Version ?? 0) + (_ts?.Version ?? 0) + (_closed ? 1 : 0);

    /// <summary>Wakes every waiting request (outside the lock).</summary>
    private void Signal()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        old.TrySetResult();
    }
}
