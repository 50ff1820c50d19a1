using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>
/// A minimal HTTP/1.1 server (RFC 9112: request line, headers, Content-Length or chunked body,
/// keep-alive) over a listening socket the caller created — so the socket can live in a network
/// namespace (HttpListener and Kestrel create their own sockets). Test code only.
/// </summary>
public sealed class SimulatorHttpServer : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private readonly Socket _listener;
    private readonly Func<SimulatorHttpRequest, CancellationToken, Task<SimulatorHttpResponse>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Socket> _connections = [];
    private readonly List<Task> _tasks = [];
    private readonly Task _acceptLoop;

    public SimulatorHttpServer(Socket listener, Func<SimulatorHttpRequest, CancellationToken, Task<SimulatorHttpResponse>> handler)
    {
        _listener = listener;
        _handler = handler;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            lock (_gate)
            {
                _connections.Add(client);
                _tasks.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var buffer = new byte[16 * 1024];
        int start = 0, end = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // Headers.
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, start, end, "\r\n\r\n"u8)) < 0)
                {
                    if (end - start >= MaxHeaderBytes) return;
                    (buffer, start, end) = Compact(buffer, start, end);
                    int n = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token).ConfigureAwait(false);
                    if (n == 0) return;
                    end += n;
                }

                var head = Encoding.ASCII.GetString(buffer, start, headerEnd - start).Split("\r\n");
                start = headerEnd + 4;
                var requestLine = head[0].Split(' ');
                if (requestLine.Length < 3) return;
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in head.Skip(1))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0) continue;
                    var name = line[..colon].Trim().ToLowerInvariant();
                    var value = line[(colon + 1)..].Trim();
                    headers[name] = headers.TryGetValue(name, out var prev) ? prev + ", " + value : value;
                }

                // Body.
                byte[] body;
                if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    using var collected = new MemoryStream();
                    while (true)
                    {
                        int lineEnd;
                        while ((lineEnd = IndexOf(buffer, start, end, "\r\n"u8)) < 0)
                        {
                            (buffer, start, end) = Compact(buffer, start, end);
                            int n = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token).ConfigureAwait(false);
                            if (n == 0) return;
                            end += n;
                        }

                        var sizeText = Encoding.ASCII.GetString(buffer, start, lineEnd - start).Split(';')[0].Trim();
                        start = lineEnd + 2;
                        int size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        if (size > MaxBodyBytes || collected.Length + size > MaxBodyBytes) return;
                        (buffer, start, end) = await FillAsync(stream, buffer, start, end, size + 2).ConfigureAwait(false);
                        if (end - start < size + 2) return;
                        collected.Write(buffer, start, size);
                        start += size + 2;
                        if (size == 0) break;
                    }

                    body = collected.ToArray();
                }
                else
                {
                    int length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
                    if (length > MaxBodyBytes) return;
                    (buffer, start, end) = await FillAsync(stream, buffer, start, end, length).ConfigureAwait(false);
                    if (end - start < length) return;
                    body = buffer.AsSpan(start, length).ToArray();
                    start += length;
                }

                var request = new SimulatorHttpRequest(requestLine[0], requestLine[1], headers, body, remote);
                SimulatorHttpResponse response;
                try
                {
                    response = await _handler(request, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                bool close = response.CloseDelimited || requestLine[2] == "HTTP/1.0"
                    || (headers.TryGetValue("connection", out var conn) && conn.Contains("close", StringComparison.OrdinalIgnoreCase));
                var sb = new StringBuilder();
                sb.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
                sb.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
                if (!response.CloseDelimited) sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
                sb.Append("Server: nvr-onvif-simulator\r\n");
                foreach (var (k, v) in response.Headers) sb.Append(CultureInfo.InvariantCulture, $"{k}: {v}\r\n");
                if (close) sb.Append("Connection: close\r\n");
                sb.Append("\r\n");
                var headerBytes = Encoding.ASCII.GetBytes(sb.ToString());
                await stream.WriteAsync(headerBytes, _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(response.Body, _stop.Token).ConfigureAwait(false);
                await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                if (close) return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
        {
            // Client went away, the server stopped, or the request was garbage: drop the connection.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            lock (_gate) _connections.Remove(socket);
        }
    }

    private async Task<(byte[] Buffer, int Start, int End)> FillAsync(NetworkStream stream, byte[] buffer, int start, int end, int needed)
    {
        if (buffer.Length - start < needed)
        {
            var bigger = new byte[Math.Max(needed, buffer.Length * 2)];
            buffer.AsSpan(start, end - start).CopyTo(bigger);
            end -= start;
            start = 0;
            buffer = bigger;
        }

        while (end - start < needed)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token).ConfigureAwait(false);
            if (n == 0) break;
            end += n;
        }

        return (buffer, start, end);
    }

    private static (byte[] Buffer, int Start, int End) Compact(byte[] buffer, int start, int end)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        return (buffer, start, end);
    }

    private static int IndexOf(byte[] buffer, int start, int end, ReadOnlySpan<byte> pattern)
    {
        int i = buffer.AsSpan(start, end - start).IndexOf(pattern);
        return i < 0 ? -1 : start + i;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] tasks;
        lock (_gate)
        {
            foreach (var c in _connections)
            {
                try
                {
                    c.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }

                c.Dispose();
            }

            tasks = [.. _tasks, _acceptLoop];
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
