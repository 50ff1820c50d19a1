using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Handshake;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>
/// A raw RTMP client built from the library's own chunk reader/writer, for what no installed
/// client can do: hostile input (oversized chunk sizes and lengths), HEVC over RTMP (FFmpeg 5.1
/// and GStreamer 1.22 predate Enhanced RTMP), and exact message-level assertions.
/// </summary>
internal sealed class MiniRtmpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly RtmpChunkReader _reader = new();
    private readonly RtmpChunkWriter _writer = new();

    private MiniRtmpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _input = PipeReader.Create(_stream);
    }

    public static async Task<MiniRtmpClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new MiniRtmpClient(tcp);
    }

    /// <summary>Simple handshake: C0+C1, read S0+S1+S2, C2 = S1.</summary>
    public async Task<byte[]> HandshakeAsync(byte[]? c0c1 = null)
    {
        c0c1 ??= new byte[RtmpServerHandshake.C0C1Size];
        c0c1[0] = 3;
        await _stream.WriteAsync(c0c1);
        var s = await ReadBytesAsync(RtmpServerHandshake.S0S1S2Size);
        await _stream.WriteAsync(s.AsMemory(1, RtmpServerHandshake.PacketSize));
        return s;
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task SendAsync(uint csid, RtmpMessageType type, uint streamId, uint timestamp, byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        _writer.Write(buffer, csid, type, streamId, timestamp, default, payload);
        await _stream.WriteAsync(buffer.WrittenMemory);
    }

    public Task CommandAsync(uint streamId, string name, double transaction, params Amf0Value[] args)
    {
        var w = new ArrayBufferWriter<byte>();
        Amf0Writer.WriteString(w, name);
        Amf0Writer.WriteNumber(w, transaction);
        foreach (var a in args) Amf0Writer.Write(w, a);
        return SendAsync(3, RtmpMessageType.CommandAmf0, streamId, 0, w.WrittenSpan.ToArray());
    }

    /// <summary>connect, createStream, play; returns once onStatus NetStream.Play.Start arrived.</summary>
    public async Task PlayAsync(string app, string name, TimeSpan timeout)
    {
        await CommandAsync(0, "connect", 1, Amf0Value.Object(new("app", Amf0Value.FromString(app)), new("tcUrl", Amf0Value.FromString("rtmp://127.0.0.1/" + app))));
        await CommandAsync(0, "createStream", 2, Amf0Value.Null);
        await CommandAsync(1, "play", 0, Amf0Value.Null, Amf0Value.FromString(name));
        await WaitForStatusAsync("NetStream.Play.Start", timeout);
    }

    /// <summary>Reads messages until an onStatus with <paramref name="code"/>; returns it. Throws on another error status.</summary>
    public async Task<Amf0Value> WaitForStatusAsync(string code, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var m = await ReadMessageAsync(cts.Token) ?? throw new IOException("connection closed before " + code);
            if (m.Type != RtmpMessageType.CommandAmf0) continue;
            var values = new List<Amf0Value>();
            Amf0Reader.TryReadAll(m.Payload.Span, values);
            if (values.Count < 4 || values[0].AsString() != "onStatus") continue;
            var info = values[3];
            if (info["code"]?.AsString() == code) return info;
            if (info["level"]?.AsString() == "error") throw new InvalidOperationException("error status " + info);
        }
    }

    /// <summary>The next message (applying Set Chunk Size), or null when the server closed the connection.</summary>
    public async Task<RtmpMessage?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            var status = _reader.Read(ref reader, out var message);
            _input.AdvanceTo(reader.Position, buffer.End);
            if (status == RtmpChunkReadStatus.Error) throw new InvalidDataException(_reader.Error);
            if (status == RtmpChunkReadStatus.Message)
            {
                if (message.Type == RtmpMessageType.SetChunkSize)
                {
                    _reader.ChunkSize = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(message.Payload.Span);
                }
                return message;
            }
            if (result.IsCompleted) return null;
        }
    }

    /// <summary>True when the server closes the connection within <paramref name="timeout"/> (everything before is discarded).</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // reset
        }
    }

    private async Task<byte[]> ReadBytesAsync(int count)
    {
        var data = new byte[count];
        await _stream.ReadExactlyAsync(data);
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        _stream.Dispose();
        _tcp.Dispose();
    }
}
