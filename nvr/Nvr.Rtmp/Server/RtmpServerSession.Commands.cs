using System.Buffers;
using System.Buffers.Binary;
using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;

namespace Nvr.Rtmp.Server;

/// <summary>AMF0 command handling (Adobe RTMP specification 1.0, §7.2: NetConnection and NetStream commands).</summary>
public sealed partial class RtmpServerSession
{
    private bool _connected;
    private string? _app;
    private string? _tcUrl;
    private double _objectEncoding;
    private uint _nextStreamId = 1;

    private async ValueTask HandleCommandAsync(uint streamId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var values = new List<Amf0Value>(6);
        Amf0Reader.TryReadAll(payload.Span, values); // a malformed tail (e.g. AMF3 objects) leaves what came before
        if (values.Count < 2 || values[0].AsString() is not { } name) return;
        var transaction = values[1].AsNumber() ?? 0;
        Amf0Value Arg(int i) => values.Count > i + 2 ? values[i + 2] : Amf0Value.Undefined;

        if (!_connected && name != "connect") throw new RtmpProtocolException($"command '{name}' before connect");
        switch (name)
        {
            case "connect":
                await ConnectAsync(transaction, Arg(0), cancellationToken).ConfigureAwait(false);
                break;
            case "createStream":
                if (_nextStreamId > _options.MaxStreams) throw new RtmpProtocolException($"more than {_options.MaxStreams} createStream calls");
                await SendAsync([Command(CommandChunkStream, 0, "_result", transaction, Amf0Value.Null, Amf0Value.FromNumber(_nextStreamId++))], cancellationToken).ConfigureAwait(false);
                break;
            case "releaseStream":
            case "FCPublish":
            case "FCUnpublish":
            case "FCSubscribe":
                // Encoder compatibility (FMLE, OBS, FFmpeg send these); nothing to do but answer.
                if (transaction != 0)
                {
                    await SendAsync([Command(CommandChunkStream, 0, "_result", transaction, Amf0Value.Null, Amf0Value.Undefined)], cancellationToken).ConfigureAwait(false);
                }
                break;
            case "getStreamLength":
                await SendAsync([Command(CommandChunkStream, 0, "_result", transaction, Amf0Value.Null, Amf0Value.FromNumber(0))], cancellationToken).ConfigureAwait(false);
                break;
            case "publish":
                await PublishAsync(streamId, Arg(1).AsString() ?? "", cancellationToken).ConfigureAwait(false);
                break;
            case "play":
                await PlayAsync(streamId, Arg(1).AsString() ?? "", cancellationToken).ConfigureAwait(false);
                break;
            case "deleteStream":
            case "closeStream":
                await StopPlayAsync().ConfigureAwait(false);
                if (Mode == RtmpSessionMode.Publish)
                {
                    var publishId = _publishStreamId;
                    ClosePublish();
                    await SendAsync([Status(publishId, RtmpStatusCodes.LevelStatus, RtmpStatusCodes.UnpublishSuccess, "Stopped publishing.")], cancellationToken).ConfigureAwait(false);
                }
                Mode = RtmpSessionMode.None;
                break;
        }
    }

    private async ValueTask ConnectAsync(double transaction, Amf0Value command, CancellationToken cancellationToken)
    {
        if (_connected) throw new RtmpProtocolException("second connect on one connection");
        _connected = true;
        _app = command["app"]?.AsString() ?? "";
        _tcUrl = command["tcUrl"]?.AsString();
        _objectEncoding = command["objectEncoding"]?.AsNumber() ?? 0;

        var window = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(window, _options.WindowAcknowledgementSize);
        var bandwidth = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(bandwidth, _options.WindowAcknowledgementSize);
        bandwidth[4] = 2; // limit type dynamic
        var chunkSize = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(chunkSize, _options.OutgoingChunkSize);
        var properties = Amf0Value.Object(
            new("fmsVer", Amf0Value.FromString("FMS/3,0,1,123")),
            new("capabilities", Amf0Value.FromNumber(31)),
            new("mode", Amf0Value.FromNumber(1)));
        var information = Amf0Value.Object(
            new("level", Amf0Value.FromString(RtmpStatusCodes.LevelStatus)),
            new("code", Amf0Value.FromString(RtmpStatusCodes.ConnectSuccess)),
            new("description", Amf0Value.FromString("Connection succeeded.")),
            new("objectEncoding", Amf0Value.FromNumber(_objectEncoding)));
        await SendAsync(
        [
            new(ControlChunkStream, RtmpMessageType.WindowAcknowledgementSize, 0, window),
            new(ControlChunkStream, RtmpMessageType.SetPeerBandwidth, 0, bandwidth),
            new(ControlChunkStream, RtmpMessageType.SetChunkSize, 0, chunkSize),
            Command(CommandChunkStream, 0, "_result", transaction, properties, information),
        ], cancellationToken).ConfigureAwait(false);
    }

    private RtmpStreamRequest Request(string streamName) => RtmpStreamRequest.Create(_app, streamName, _tcUrl);

    private static OutgoingMessage Command(uint chunkStreamId, uint streamId, string name, double transaction, params ReadOnlySpan<Amf0Value> arguments)
    {
        var writer = new ArrayBufferWriter<byte>(128);
        Amf0Writer.WriteString(writer, name);
        Amf0Writer.WriteNumber(writer, transaction);
        foreach (var a in arguments) Amf0Writer.Write(writer, a);
        return new OutgoingMessage(chunkStreamId, RtmpMessageType.CommandAmf0, streamId, writer.WrittenSpan.ToArray());
    }

    private static OutgoingMessage Status(uint streamId, string level, string code, string description) =>
        Command(DataChunkStream, streamId, "onStatus", 0, Amf0Value.Null, Amf0Value.Object(
            new("level", Amf0Value.FromString(level)),
            new("code", Amf0Value.FromString(code)),
            new("description", Amf0Value.FromString(description))));

    private static OutgoingMessage UserControl(ushort eventType, uint streamId)
    {
        var payload = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(payload, eventType);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(2), streamId);
        return new OutgoingMessage(ControlChunkStream, RtmpMessageType.UserControl, 0, payload);
    }

    private static OutgoingMessage Data(uint streamId, params ReadOnlySpan<Amf0Value> values)
    {
        var writer = new ArrayBufferWriter<byte>(64);
        foreach (var v in values) Amf0Writer.Write(writer, v);
        return new OutgoingMessage(DataChunkStream, RtmpMessageType.DataAmf0, streamId, writer.WrittenSpan.ToArray());
    }
}
