using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;
using Nvr.Media;
using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Flv;
using Nvr.Rtmp.Server;
using Nvr.Rtmp.Tests.Support;
using Nvr.Streaming;
using Nvr.Testing;

namespace Nvr.Rtmp.Tests;

/// <summary>Limits, deadlines and HEVC over RTMP, driven by a raw client.</summary>
public class RtmpSessionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static byte[] UInt32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    [Fact]
    public async Task Oversized_chunk_size_closes_the_connection()
    {
        await using var server = new TestRtmpServer(new TestResolver());
        await using var client = await MiniRtmpClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();

        await client.SendAsync(2, RtmpMessageType.SetChunkSize, 0, 0, UInt32(0x7FFFFFFF));

        Assert.True(await client.ClosedByServerAsync(Deadline));
        await WaitFor.ConditionAsync(() => !server.Outcomes.IsEmpty, Deadline, "the session to end");
        server.Outcomes.TryPeek(out var outcome);
        Assert.IsType<RtmpProtocolException>(outcome);
        Assert.Contains("chunk size 2147483647", outcome!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_message_length_closes_the_connection_before_any_allocation()
    {
        await using var server = new TestRtmpServer(new TestResolver(), new RtmpServerOptions { MaxMessageSize = 1024 * 1024 });
        await using var client = await MiniRtmpClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();

        // fmt 0 header on csid 6: timestamp 0, length 0xFFFFFF (16 MiB - 1), type 9, stream 1; no payload.
        await client.SendRawAsync([0x06, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x09, 1, 0, 0, 0]);

        Assert.True(await client.ClosedByServerAsync(Deadline));
        await WaitFor.ConditionAsync(() => !server.Outcomes.IsEmpty, Deadline, "the session to end");
        server.Outcomes.TryPeek(out var outcome);
        Assert.IsType<RtmpProtocolException>(outcome);
        Assert.Contains("message length 16777215", outcome!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_rtmp_bytes_are_refused_at_once()
    {
        await using var server = new TestRtmpServer(new TestResolver());
        await using var client = await MiniRtmpClient.ConnectAsync(server.Port);

        await client.SendRawAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        Assert.True(await client.ClosedByServerAsync(Deadline));
        await WaitFor.ConditionAsync(() => !server.Outcomes.IsEmpty, Deadline, "the session to end");
        server.Outcomes.TryPeek(out var outcome);
        Assert.IsType<RtmpProtocolException>(outcome);
    }

    [Fact]
    public async Task Ping_request_gets_a_ping_response_and_acknowledgements_follow_the_window()
    {
        await using var server = new TestRtmpServer(new TestResolver());
        await using var client = await MiniRtmpClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();
        await client.SendAsync(2, RtmpMessageType.WindowAcknowledgementSize, 0, 0, UInt32(5000));
        await client.SendAsync(2, RtmpMessageType.UserControl, 0, 0, [0, 6, 0, 0, 0x12, 0x34]);
        // > 5000 bytes of something the server ignores (a shared object message).
        await client.SendAsync(3, RtmpMessageType.SharedObjectAmf0, 0, 0, new byte[6000]);

        using var cts = new CancellationTokenSource(Deadline);
        RtmpMessage? pong = null, ack = null;
        while (pong is null || ack is null)
        {
            var m = await client.ReadMessageAsync(cts.Token) ?? throw new IOException("closed");
            if (m.Type == RtmpMessageType.UserControl) pong = m;
            if (m.Type == RtmpMessageType.Acknowledgement) ack = m;
        }
        Assert.Equal(new byte[] { 0, 7, 0, 0, 0x12, 0x34 }, pong.Value.Payload.ToArray());
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(ack.Value.Payload.Span) >= 5000);
    }

    [Fact]
    public async Task H265_plays_over_rtmp_as_enhanced_rtmp_and_decodes()
    {
        var media = await ClipSources.ViaAnnexBAsync(CameraCodec.H265);
        var resolver = new TestResolver();
        var feed = new Feed("cam/main");
        resolver.Feeds["live/cam"] = feed;
        await using var feeder = new ClipFeeder(feed, media);
        await WaitFor.ConditionAsync(() => feeder.Published > 0, Deadline, "the feeder to start");
        await using var server = new TestRtmpServer(resolver);
        await using var client = await MiniRtmpClient.ConnectAsync(server.Port);
        await client.HandshakeAsync();

        await client.PlayAsync("live", "cam", Deadline);
        var demuxer = new FlvDemuxer();
        var video = new List<MediaUnit>();
        var first = default(RtmpMessage?);
        using var cts = new CancellationTokenSource(Deadline);
        while (video.Count < 50)
        {
            var m = await client.ReadMessageAsync(cts.Token) ?? throw new IOException("closed");
            if (m.Type is not (RtmpMessageType.Video or RtmpMessageType.Audio or RtmpMessageType.DataAmf0)) continue;
            if (m.Type == RtmpMessageType.Video) first ??= m;
            Assert.Equal(1u, m.StreamId);
            if (demuxer.Demux((FlvTagType)m.Type, m.Timestamp, m.Payload, out var unit) == FlvDemuxResult.Unit && unit!.TrackId == 0) video.Add(unit);
        }

        var header = first!.Value.Payload.Span;
        Assert.Equal(0x90, header[0]);
        Assert.Equal("hvc1"u8.ToArray(), header.Slice(1, 4).ToArray());
        Assert.Equal(0u, first.Value.Timestamp);
        Assert.True(video[0].IsKeyframe);
        using var dir = TempDirectory.Create("rtmp-hevc");
        var es = dir.File("out.hevc");
        await File.WriteAllBytesAsync(es, AnnexBFile.Build(demuxer.Description!.Video!, video));
        Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(es));
        Assert.Equal(video.Count, (await Ffmpeg.CountFramesAsync(es)).Video!.Frames);
    }

    [Fact]
    public async Task A_player_that_stops_reading_is_closed_after_the_write_timeout()
    {
        var time = new FakeTimeProvider();
        var media = await ClipSources.H264ViaFlvAsync();
        var feed = new Feed("cam/main");
        var resolver = new TestResolver();
        resolver.Feeds["live/cam"] = feed;
        feed.SetDescription(media.Description);
        var toServer = new Pipe();
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        var session = new RtmpServerSession(new DuplexPipe(toServer.Reader, toClient.Writer), resolver, new RtmpServerOptions(), time);
        var run = session.RunAsync(CancellationToken.None);

        // Client side, in memory: handshake, connect, createStream, play.
        var clientWriter = new RtmpChunkWriter();
        var c0c1 = new byte[1537];
        c0c1[0] = 3;
        await toServer.Writer.WriteAsync(c0c1);
        var s = await toClient.Reader.ReadAtLeastAsync(3073);
        toClient.Reader.AdvanceTo(s.Buffer.GetPosition(3073));
        await toServer.Writer.WriteAsync(new byte[1536]);
        var commands = new ArrayBufferWriter<byte>();
        WriteCommand(clientWriter, commands, 0, "connect", 1, Amf0Value.Object(new KeyValuePair<string, Amf0Value>("app", Amf0Value.FromString("live"))));
        WriteCommand(clientWriter, commands, 0, "createStream", 2, Amf0Value.Null);
        WriteCommand(clientWriter, commands, 1, "play", 0, Amf0Value.Null, Amf0Value.FromString("cam"));
        await toServer.Writer.WriteAsync(commands.WrittenMemory);
        await WaitFor.ConditionAsync(() => session.Mode == RtmpSessionMode.Play, Deadline, "play to start");

        // The camera keeps sending; nobody reads toClient.
        foreach (var unit in media.Units) feed.Publish(unit);
        var start = DateTime.UtcNow;
        while (!run.IsCompleted && DateTime.UtcNow - start < Deadline)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(20));
        }

        var error = await Assert.ThrowsAsync<RtmpTimeoutException>(() => run);
        Assert.Contains("did not take data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider();
        var toServer = new Pipe();
        var toClient = new Pipe();
        var session = new RtmpServerSession(new DuplexPipe(toServer.Reader, toClient.Writer), new TestResolver(),
            new RtmpServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) }, time);
        var run = session.RunAsync(CancellationToken.None);
        await toServer.Writer.WriteAsync(new byte[] { 3, 0, 0 }); // half a C0+C1, then nothing

        var start = DateTime.UtcNow;
        while (!run.IsCompleted && DateTime.UtcNow - start < Deadline)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(20));
        }

        var error = await Assert.ThrowsAsync<RtmpTimeoutException>(() => run);
        Assert.Contains("handshake", error.Message, StringComparison.Ordinal);
    }

    private static void WriteCommand(RtmpChunkWriter writer, IBufferWriter<byte> output, uint streamId, string name, double transaction, params Amf0Value[] args)
    {
        var body = new ArrayBufferWriter<byte>();
        Amf0Writer.WriteString(body, name);
        Amf0Writer.WriteNumber(body, transaction);
        foreach (var a in args) Amf0Writer.Write(body, a);
        writer.Write(output, 3, RtmpMessageType.CommandAmf0, streamId, 0, default, body.WrittenSpan);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
