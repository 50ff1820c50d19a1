using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Nvr.Rtsp.Server;
using Nvr.Streaming;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>The listener path with real TCP sockets (the rest of the suite uses in-memory pipes).</summary>
public sealed class ServerSocketTests
{
    [Fact]
    public async Task A_socket_viewer_that_stops_reading_is_closed_and_its_connection_fully_released()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(ServerMedia.Epoch));
        var registry = new FeedRegistry(timeProvider: time);
        var feed = registry.GetOrCreate("front");
        Assert.True(feed.SetDescription(ServerMedia.H264Aac()));
        ServerMedia.Publish(feed, 0, 1, audio: false);
        var options = new RtspServerOptions { Address = "127.0.0.1", Port = 0, AllowAnonymous = true, SendBufferBytes = 4096 };
        await using var server = new RtspServer(options, new FeedRegistryMediaResolver(registry), null, time);
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(server.LocalEndPoint!);
        var setup = await RequestAsync(client, "SETUP rtsp://127.0.0.1/front/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
        Assert.StartsWith("RTSP/1.0 200 OK", setup, StringComparison.Ordinal);
        string session = setup.Split("\r\n").Single(l => l.StartsWith("Session:", StringComparison.Ordinal))[8..].Split(';')[0].Trim();
        Assert.StartsWith("RTSP/1.0 200 OK", await RequestAsync(client, $"PLAY rtsp://127.0.0.1/front RTSP/1.0\r\nCSeq: 2\r\nSession: {session}\r\n\r\n"), StringComparison.Ordinal);
        await ServerHarness.WaitUntilAsync(() => feed.ReaderCount == 1, "the session to play");

        // The client reads nothing more: 200 keyframes of 8 KiB fill both socket buffers at once.
        for (int i = 1; i <= 200; i++) Assert.True(feed.Publish(ServerMedia.Video(i, gop: 1, sliceSize: 8000)));
        var deadline = DateTime.UtcNow + TestRtspPeer.Deadline + TestRtspPeer.Deadline;
        var advanced = TimeSpan.Zero;
        while (server.GetStatistics().Connections > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"connection still open after {advanced} of fake time");
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.Delay(5); // polling under a deadline: the sweep runs after each tick
        }
        Assert.True(advanced > TimeSpan.FromSeconds(10), $"closed after {advanced}");
        var stats = server.GetStatistics();
        Assert.Equal(1, stats.WriteTimeouts);
        Assert.Equal(0, stats.Sessions);
        Assert.Equal(0, feed.ReaderCount);

        await stop.CancelAsync();
        await running.WaitAsync(TestRtspPeer.Deadline);
    }

    /// <summary>Sends a request and reads up to the end of the response header.</summary>
    private static async Task<string> RequestAsync(Socket socket, string request)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var text = new StringBuilder();
        var buffer = new byte[1];
        using var cts = new CancellationTokenSource(TestRtspPeer.Deadline);
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            Assert.Equal(1, n);
            text.Append((char)buffer[0]);
        }
        return text.ToString();
    }
}
