using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Flv;
using Nvr.Streaming;

namespace Nvr.Rtmp.Server;

/// <summary>Playing: feed reader → <see cref="FlvMuxer"/> → RTMP audio/video/data messages.</summary>
public sealed partial class RtmpServerSession
{
    private const int MaxBatch = 64;

    private Task? _pump;
    private CancellationTokenSource? _pumpCancel;
    private long _tagsSent;
    private long _unitsNotSent;

    private async ValueTask PlayAsync(uint streamId, string streamName, CancellationToken cancellationToken)
    {
        if (Mode != RtmpSessionMode.None) throw new RtmpProtocolException($"play while in {Mode} mode");
        var request = Request(streamName);
        var feed = await _resolver.ResolvePlayAsync(request, cancellationToken).ConfigureAwait(false);
        if (feed is null)
        {
            await SendAsync([Status(streamId, RtmpStatusCodes.LevelError, RtmpStatusCodes.PlayStreamNotFound, "No such stream: " + request.Name)], cancellationToken).ConfigureAwait(false);
            _closeRequested = true;
            return;
        }

        Stream = request;
        Mode = RtmpSessionMode.Play;
        // Open the reader before the replies, so the GOP cache it starts from is the current one.
        var reader = feed.OpenReader(_options.PlayReader);
        try
        {
            var sent = await SendAsync(
            [
                UserControl(0, streamId), // StreamBegin
                Status(streamId, RtmpStatusCodes.LevelStatus, RtmpStatusCodes.PlayReset, "Playing and resetting " + request.Name + "."),
                Status(streamId, RtmpStatusCodes.LevelStatus, RtmpStatusCodes.PlayStart, "Started playing " + request.Name + "."),
                Data(streamId, Amf0Value.FromString("|RtmpSampleAccess"), Amf0Value.True, Amf0Value.True),
            ], cancellationToken).ConfigureAwait(false);
            if (!sent)
            {
                reader.Dispose();
                return;
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        _pumpCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pump = PumpAsync(reader, streamId, _pumpCancel.Token);
    }

    private async Task StopPlayAsync()
    {
        var pump = _pump;
        if (pump is null) return;
        _pump = null;
        await _pumpCancel!.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _pumpCancel.Dispose();
        _pumpCancel = null;
        if (Mode == RtmpSessionMode.Play) Mode = RtmpSessionMode.None;
    }

    private async Task PumpAsync(FeedReader reader, uint streamId, CancellationToken cancellationToken)
    {
        await Task.Yield(); // run beside the read loop, not inside the play command
        try
        {
            var muxer = new FlvMuxer(_options.Muxer);
            var tags = new List<FlvTag>();
            var completed = false;
            while (!completed)
            {
                var first = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                tags.Clear();
                completed = Add(first);
                for (var i = 0; i < MaxBatch && !completed && reader.TryRead(out var next); i++) completed = Add(next);
                Interlocked.Exchange(ref _unitsNotSent, muxer.DroppedUnits);
                if (tags.Count > 0 && !await WriteTagsAsync(tags, streamId, cancellationToken).ConfigureAwait(false)) break;
                if (completed)
                {
                    await SendAsync(
                    [
                        Status(streamId, RtmpStatusCodes.LevelStatus, RtmpStatusCodes.PlayStop, "The stream ended."),
                        UserControl(1, streamId), // StreamEOF
                    ], cancellationToken).ConfigureAwait(false);
                }
            }
            // The feed is gone or the player is: end the session.
            _closeRequested = true;
            await _session.CancelAsync().ConfigureAwait(false);

            bool Add(in FeedReadResult result)
            {
                if (result.Status == FeedReadStatus.Completed) return true;
                muxer.Mux(result, tags);
                return false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // deleteStream / closeStream / session end
        }
        catch (IOException)
        {
            // The player went away mid-write.
            _closeRequested = true;
            await _session.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _pumpError = e;
            await _session.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            reader.Dispose();
        }
    }

    private async ValueTask<bool> WriteTagsAsync(List<FlvTag> tags, uint streamId, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var tag in tags)
            {
                var chunkStream = tag.Type switch
                {
                    FlvTagType.Video => VideoChunkStream,
                    FlvTagType.Audio => AudioChunkStream,
                    _ => DataChunkStream,
                };
                _writer.Write(_output, chunkStream, (RtmpMessageType)tag.Type, streamId, tag.Timestamp, tag.Prefix.Span, tag.Body.Span);
            }
            Interlocked.Add(ref _tagsSent, tags.Count);
            return await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
