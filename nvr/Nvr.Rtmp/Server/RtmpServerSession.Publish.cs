using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Flv;

namespace Nvr.Rtmp.Server;

/// <summary>Publishing: key check through the resolver, then FLV tags → <see cref="FlvDemuxer"/> → the sink.</summary>
public sealed partial class RtmpServerSession
{
    private IRtmpPublishSink? _sink;
    private FlvDemuxer? _demuxer;
    private uint _publishStreamId;
    private int _publishedVersion;
    private long _unitsPublished;

    private async ValueTask PublishAsync(uint streamId, string streamName, CancellationToken cancellationToken)
    {
        if (Mode != RtmpSessionMode.None) throw new RtmpProtocolException($"publish while in {Mode} mode");
        var request = Request(streamName);
        var decision = await _resolver.ResolvePublishAsync(request, cancellationToken).ConfigureAwait(false);
        if (decision.Sink is null)
        {
            var (code, description) = decision.Rejection switch
            {
                RtmpPublishRejection.BadKey => (RtmpStatusCodes.PublishUnauthorized, "Authentication failed: missing or wrong stream key."),
                RtmpPublishRejection.AlreadyPublishing => (RtmpStatusCodes.PublishBadName, "Stream is already being published."),
                _ => (RtmpStatusCodes.PublishBadName, "No such publish stream."),
            };
            await SendAsync([Status(streamId, RtmpStatusCodes.LevelError, code, description)], cancellationToken).ConfigureAwait(false);
            _closeRequested = true;
            return;
        }

        _sink = decision.Sink;
        _demuxer = new FlvDemuxer();
        _publishStreamId = streamId;
        _publishedVersion = 0;
        Stream = request;
        Mode = RtmpSessionMode.Publish;
        await SendAsync(
        [
            UserControl(0, streamId), // StreamBegin
            Status(streamId, RtmpStatusCodes.LevelStatus, RtmpStatusCodes.PublishStart, request.Name + " is now published."),
        ], cancellationToken).ConfigureAwait(false);
    }

    private void OnPublishMessage(in RtmpMessage message)
    {
        switch (message.Type)
        {
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
                Deliver((FlvTagType)message.Type, message.Timestamp, message.Payload);
                break;
            case RtmpMessageType.DataAmf0:
                Deliver(FlvTagType.Script, message.Timestamp, message.Payload);
                break;
            case RtmpMessageType.DataAmf3:
                if (!message.Payload.IsEmpty) Deliver(FlvTagType.Script, message.Timestamp, message.Payload[1..]);
                break;
            case RtmpMessageType.Aggregate:
                DeliverAggregate(message);
                break;
        }
    }

    /// <summary>
    /// Aggregate message (§7.1.6): FLV tags with back pointers; their timestamps are relative to
    /// the first one, which maps to the message timestamp (FMS, Wowza and Red5 relays send these).
    /// </summary>
    private void DeliverAggregate(in RtmpMessage message)
    {
        var offset = 0;
        uint? first = null;
        while (offset < message.Payload.Length
            && FlvReader.ReadTag(message.Payload, ref offset, out var tag, complete: true) == FlvReadStatus.Ok)
        {
            first ??= tag.Timestamp;
            var timestamp = unchecked(message.Timestamp + (tag.Timestamp - first.Value));
            if (tag.Type is FlvTagType.Audio or FlvTagType.Video or FlvTagType.Script) Deliver(tag.Type, timestamp, tag.Body);
        }
    }

    private void Deliver(FlvTagType type, uint timestamp, ReadOnlyMemory<byte> body)
    {
        if (_demuxer!.Demux(type, timestamp, body, out var unit) != FlvDemuxResult.Unit) return;
        var description = _demuxer.Description!;
        if (description.Version != _publishedVersion)
        {
            _sink!.SetDescription(description);
            _publishedVersion = description.Version;
        }
        _sink!.Publish(unit!);
        Interlocked.Increment(ref _unitsPublished);
    }

    private void ClosePublish()
    {
        var sink = _sink;
        if (sink is null) return;
        _sink = null;
        if (Mode == RtmpSessionMode.Publish) Mode = RtmpSessionMode.None;
        sink.Close();
    }
}
