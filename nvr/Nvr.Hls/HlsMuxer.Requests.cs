using System.Globalization;

namespace Nvr.Hls;

public sealed partial class HlsMuxer
{
    /// <summary>Parses and handles a request; see <see cref="HlsRequest.Parse"/> for the URI scheme.</summary>
    public Task<HlsResponse> HandleAsync(string path, string? query, CancellationToken cancellationToken = default) =>
        HandleAsync(HlsRequest.Parse(path, query), cancellationToken);

    /// <summary>
    /// Answers one request. Playlists wait (up to <see cref="HlsMuxerOptions.StartTimeout"/>) for
    /// the output's first segment; a blocking playlist reload waits up to three target durations
    /// for the requested part, a request for the preload-hinted part or the segment in progress
    /// until it is complete (RFC 8216bis §6.2.5.2, §6.2.6). Never throws for a request; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires
    /// (the client went away).
    /// </summary>
    public async Task<HlsResponse> HandleAsync(HlsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Kind)
        {
            case HlsResourceKind.BadRequest:
                return HlsResponse.Error(400, request.Error ?? "bad request");
            case HlsResourceKind.MultivariantPlaylist:
            case HlsResourceKind.MediaPlaylist:
                return await PlaylistAsync(request, cancellationToken).ConfigureAwait(false);
            case HlsResourceKind.Init:
                return Init(request);
            case HlsResourceKind.Segment:
                return await SegmentAsync(request, cancellationToken).ConfigureAwait(false);
            case HlsResourceKind.Part:
                return await PartAsync(request, cancellationToken).ConfigureAwait(false);
            default:
                return HlsResponse.Error(404, request.Error ?? "not found");
        }
    }

    private async Task<HlsResponse> PlaylistAsync(HlsRequest request, CancellationToken cancellationToken)
    {
        HlsOutput output;
        lock (_lock)
        {
            if (_closed) return HlsResponse.Error(404, _closedReason);
            output = EnsureOutput(request.Format);
            Touch(output);
        }
        if (!await WaitAsync(() => output.IsReady, _options.StartTimeout, cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
            {
                if (_closed) return HlsResponse.Error(404, _closedReason);
                return HlsResponse.Error(503, _tracks is { IsEmpty: true }
                    ? "the stream has no track HLS can carry (H.264/H.265 video, AAC audio)"
                    : "the stream has no segment yet");
            }
        }

        if (request.Kind == HlsResourceKind.MultivariantPlaylist)
        {
            lock (_lock) return HlsResponse.Playlist(HlsPlaylistWriter.Multivariant(output));
        }

        // Blocking playlist reload: fMP4 only (the TS playlist does not advertise CAN-BLOCK-RELOAD,
        // so its clients send no directives, and stray ones are ignored).
        if (request.BlockMsn is long msn && output.Format == HlsFormat.Fmp4)
        {
            Func<bool> ready;
            TimeSpan hold;
            lock (_lock)
            {
                // §6.2.5.2: more than two segments, or more than the Advance Part Limit, ahead: 400 at once.
                long last = output.LastListedMsn;
                if (msn > last + 2) return HlsResponse.Error(400, $"_HLS_msn {msn} is more than two segments after {last}");
                if (request.BlockPart is int p && output.LowLatency && output.Open is { } open && msn >= open.Msn)
                {
                    int limit = output.PartTarget < 1 ? (int)Math.Ceiling(3 / output.PartTarget) : 3;
                    long ahead = msn == open.Msn ? p - (open.Parts.Count - 1) : p + 1;
                    if (ahead > limit) return HlsResponse.Error(400, $"_HLS_part {p} is beyond the Advance Part Limit");
                }
                hold = TimeSpan.FromSeconds(3 * output.TargetDuration);
                if (request.BlockPart is int part && output.LowLatency) ready = () => output.HasPart(msn, part);
                else ready = () => output.HasSegment(msn);
            }
            if (!await WaitAsync(ready, hold, cancellationToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    if (_closed) return HlsResponse.Error(404, _closedReason);
                    return HlsResponse.Error(503, string.Create(CultureInfo.InvariantCulture, $"segment {msn} did not arrive within {hold.TotalSeconds:0.#} s"));
                }
            }
        }

        lock (_lock)
        {
            Touch(output);
            var cache = output.PlaylistCache;
            if (cache.Version != output.Version)
            {
                cache = (output.Version, HlsPlaylistWriter.Media(output));
                output.PlaylistCache = cache;
            }
            return HlsResponse.Playlist(cache.Bytes);
        }
    }

    private HlsResponse Init(HlsRequest request)
    {
        lock (_lock)
        {
            if (_fmp4 is null || request.Instance != Instance) return HlsResponse.Error(404, "unknown init section");
            Touch(_fmp4);
            var init = _fmp4.FindInit(request.InitVersion);
            if (init is null) return HlsResponse.Error(404, "init section expired");
            return HlsResponse.Ok(MediaType(_fmp4), HlsResponse.Immutable, [init]);
        }
    }

    private async Task<HlsResponse> SegmentAsync(HlsRequest request, CancellationToken cancellationToken)
    {
        HlsOutput? output;
        TimeSpan hold;
        lock (_lock)
        {
            output = request.Format == HlsFormat.MpegTs ? _ts : _fmp4;
            if (output is null || request.Instance != Instance) return HlsResponse.Error(404, "unknown segment");
            Touch(output);
            var segment = output.FindSegment(request.Msn);
            if (segment is { IsComplete: true }) return SegmentResponse(output, segment);
            // The segment in progress: answer when it is complete (a client that guessed ahead).
            if (output.Open is not { } open || open.Msn != request.Msn) return HlsResponse.Error(404, "segment not available");
            hold = TimeSpan.FromSeconds(3 * Math.Max(output.TargetDuration, 1));
        }
        var o = output;
        long msn = request.Msn;
        await WaitAsync(() => o.HasSegment(msn), hold, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var segment = o.FindSegment(msn);
            if (segment is { IsComplete: true }) return SegmentResponse(o, segment);
            return HlsResponse.Error(_closed || o.HasSegment(msn) ? 404 : 503, "segment not available");
        }
    }

    private async Task<HlsResponse> PartAsync(HlsRequest request, CancellationToken cancellationToken)
    {
        HlsFmp4Output output;
        TimeSpan hold;
        long msn = request.Msn;
        int index = request.Part;
        lock (_lock)
        {
            if (_fmp4 is not { LowLatency: true } o || request.Instance != Instance) return HlsResponse.Error(404, "unknown part");
            output = o;
            Touch(output);
            if (FindPart(output, msn, index) is { } found) return PartResponse(output, found);
            // §6.2.6: the hinted part (next of the open segment, or the first of the next one) is
            // held until it is complete; anything else is not found.
            bool hinted = output.Open is { } open
                ? (msn == open.Msn && index == open.Parts.Count) || (msn == open.Msn + 1 && index == 0)
                : msn == output.LastListedMsn + 1 && index == 0;
            if (!hinted) return HlsResponse.Error(404, "part not available");
            hold = TimeSpan.FromSeconds(3 * Math.Max(output.TargetDuration, 1));
        }
        // Done when the part exists, or its segment completed without it (segmentation changed).
        await WaitAsync(() => FindPart(output, msn, index) is not null || output.HasSegment(msn), hold, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (FindPart(output, msn, index) is { } part) return PartResponse(output, part);
            return HlsResponse.Error(_closed || output.HasSegment(msn) ? 404 : 503, "part not available");
        }
    }

    private static HlsPart? FindPart(HlsOutput output, long msn, int index)
    {
        var segment = output.FindSegment(msn);
        return segment is not null && index < segment.Parts.Count ? segment.Parts[index] : null;
    }

    private static HlsResponse SegmentResponse(HlsOutput output, HlsSegment segment) =>
        HlsResponse.Ok(MediaType(output), HlsResponse.Immutable, segment.Chunks);

    private static HlsResponse PartResponse(HlsOutput output, HlsPart part) =>
        HlsResponse.Ok(MediaType(output), HlsResponse.Immutable, part.Chunks);

    private static string MediaType(HlsOutput output) =>
        output.Format == HlsFormat.MpegTs ? HlsResponse.MpegTsContentType
        : output.CarriesVideo ? HlsResponse.Mp4ContentType : HlsResponse.AudioMp4ContentType;

    private void Touch(HlsOutput output)
    {
        long now = _time.GetTimestamp();
        output.LastAccess = now;
        _lastAccess = now;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> (evaluated under the lock) holds, the muxer
    /// closes (false) or <paramref name="timeout"/> passes on the muxer's clock (false).
    /// </summary>
    private async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition()) return true;
                if (_closed) return false;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lock (_lock) return condition();
            }
        }
    }
}
