using System.IO.Pipelines;
using Nvr.Rtmp.Server;
using Nvr.Streaming;

namespace Nvr.Rtmp.Flv;

/// <summary>
/// Streams a feed as an endless FLV file (HTTP-FLV, as flv.js / mpegts.js play it): the FLV
/// header, then onMetaData, sequence headers and tags from <see cref="FlvMuxer"/>, starting at a
/// keyframe. The host owns the HTTP part (route, <c>Content-Type: video/x-flv</c>, chunked
/// transfer, CORS headers) and hands over the response body writer.
/// </summary>
/// <remarks>
/// The FLV header is written when the first unit arrives, with the audio/video flags of that
/// description (a track appearing later is sent, but players that trust the flags ignore it).
/// <see cref="RunAsync"/> returns when the feed is completed or the client went away (a transport
/// <see cref="IOException"/> from the writer propagates; the host treats it as a disconnect), and throws
/// <see cref="RtmpTimeoutException"/> when one flush takes longer than
/// <see cref="HttpFlvOptions.WriteTimeout"/>. Slow clients otherwise cost only their reader's
/// bounded queue, which resyncs at keyframes.
/// </remarks>
public sealed class HttpFlvSession
{
    private const int MaxBatch = 64;

    private readonly FeedReader _reader;
    private readonly PipeWriter _output;
    private readonly HttpFlvOptions _options;
    private readonly TimeProvider _time;
    private readonly FlvMuxer _muxer;
    private long _tagsSent;

    /// <param name="reader">An open reader (e.g. <c>feed.OpenReader(HttpFlvOptions.Reader)</c>); the caller disposes it.</param>
    /// <param name="output">The response body.</param>
    public HttpFlvSession(FeedReader reader, PipeWriter output, HttpFlvOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        _options = options ?? HttpFlvOptions.Default;
        _options.Validate();
        _reader = reader;
        _output = output;
        _time = timeProvider ?? TimeProvider.System;
        _muxer = new FlvMuxer(_options.Muxer);
    }

    /// <summary>Tags written so far.</summary>
    public long TagsSent => Interlocked.Read(ref _tagsSent);

    /// <summary>Units not written (before the first keyframe, filtered tracks).</summary>
    public long UnitsNotSent => _muxer.DroppedUnits;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var tags = new List<FlvTag>();
        var headerWritten = false;
        var completed = false;
        while (!completed)
        {
            var first = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            tags.Clear();
            completed = Add(first, ref headerWritten);
            for (var i = 0; i < MaxBatch && !completed && _reader.TryRead(out var next); i++) completed = Add(next, ref headerWritten);
            if (tags.Count == 0 && !completed) continue;
            foreach (var tag in tags) FlvWriter.WriteTag(_output, tag);
            Interlocked.Add(ref _tagsSent, tags.Count);
            try
            {
                if (!await DeadlineIo.FlushAsync(_output, _options.WriteTimeout, _time, cancellationToken).ConfigureAwait(false)) return;
            }
            catch (TimeoutException)
            {
                throw new RtmpTimeoutException($"the HTTP-FLV client did not take data for {_options.WriteTimeout}");
            }
        }

        bool Add(in FeedReadResult result, ref bool header)
        {
            if (result.Status == FeedReadStatus.Completed) return true;
            if (!header && result.HasUnit)
            {
                var (video, audio) = _muxer.SelectTracks(result.Description);
                var before = tags.Count;
                _muxer.Mux(result, tags);
                if (tags.Count == before) return false; // still waiting for a keyframe
                FlvWriter.WriteHeader(_output, audio is not null, video is not null);
                header = true;
                return false;
            }
            _muxer.Mux(result, tags);
            return false;
        }
    }
}
