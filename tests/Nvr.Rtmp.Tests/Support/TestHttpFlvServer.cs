using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nvr.Rtmp.Flv;
using Nvr.Streaming;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>
/// A bare HTTP/1.1 server for <c>GET /live/&lt;name&gt;.flv</c> (the host will use Kestrel):
/// a response header with <c>Connection: close</c>, then <see cref="HttpFlvSession"/> writes the body.
/// </summary>
internal sealed class TestHttpFlvServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Func<string, Feed?> _feeds;
    private readonly HttpFlvOptions? _options;
    private readonly Task _accept;

    public TestHttpFlvServer(Func<string, Feed?> feeds, HttpFlvOptions? options = null)
    {
        _feeds = feeds;
        _options = options;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public string Url(string name) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/live/{name}.flv";

    public ConcurrentQueue<Exception?> Outcomes { get; } = new();

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _sessions.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        Exception? outcome = null;
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                var request = await ReadRequestHeadAsync(stream);
                var path = request.Split(' ')[1];
                var name = path["/live/".Length..^".flv".Length];
                var feed = _feeds(name);
                if (feed is null)
                {
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                    return;
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nAccess-Control-Allow-Origin: *\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"));
                var writer = PipeWriter.Create(stream);
                using var reader = feed.OpenReader((_options ?? HttpFlvOptions.Default).Reader);
                await new HttpFlvSession(reader, writer, _options).RunAsync(_stop.Token);
                await writer.CompleteAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // client went away / server stopped
            }
            catch (Exception e)
            {
                outcome = e;
            }
        }
        Outcomes.Enqueue(outcome);
    }

    private static async Task<string> ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 8192)
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("client closed before the request ended");
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        await Task.WhenAll(_sessions);
        _stop.Dispose();
    }
}
