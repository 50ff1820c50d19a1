using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;
using Nvr.Rtsp.Server;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>
/// A raw RTSP client on in-memory pipes served by <see cref="RtspServer.ServeConnectionAsync"/>:
/// sends requests (optionally with digest credentials), collects responses and interleaved frames.
/// Reading can be paused to play a stalled viewer (the server's writes then block on the pipe).
/// </summary>
internal sealed class TestRtspPeer : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient;
    private readonly Channel<RtspResponse> _responses = Channel.CreateUnbounded<RtspResponse>();
    private readonly Channel<(byte Channel, byte[] Data)> _frames = Channel.CreateUnbounded<(byte, byte[])>();
    private readonly Task _reading;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource? _paused;
    private int _cseq;
    private RtspAuthenticator? _auth;

    public TestRtspPeer(RtspServer server, IPEndPoint? remote = null, long pauseWriterThreshold = 64 * 1024)
    {
        _toClient = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterThreshold, resumeWriterThreshold: pauseWriterThreshold / 2));
        Remote = remote ?? new IPEndPoint(IPAddress.Loopback, 40000 + Random.Shared.Next(20000));
        Serving = server.ServeConnectionAsync(new Duplex(_toServer.Reader, _toClient.Writer), Remote, new IPEndPoint(IPAddress.Loopback, 8554));
        _reading = ReadLoopAsync();
    }

    public IPEndPoint Remote { get; }
    /// <summary>The server's task for this connection; completes when the server closes it.</summary>
    public Task Serving { get; }
    public Task Closed => _closed.Task;
    public string? SessionId { get; private set; }
    public ChannelReader<(byte Channel, byte[] Data)> Frames => _frames.Reader;

    /// <summary>Answers 401 challenges with these credentials from now on.</summary>
    public void UseCredentials(string user, string password) => _auth = new RtspAuthenticator(new RtspCredentials(user, password));

    public void PauseReading() => _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading()
    {
        var p = _paused;
        _paused = null;
        p?.TrySetResult();
    }

    /// <summary>Sends a request and waits for its response; retries once through a 401 when credentials are set.</summary>
    public async Task<RtspResponse> RequestAsync(string method, string uri, params (string Name, string Value)[] headers)
    {
        var response = await SendOnceAsync(method, uri, headers);
        if (response.StatusCode == 401 && _auth is not null && _auth.TryAccept(response.Headers.GetValues("WWW-Authenticate"), out _))
        {
            response = await SendOnceAsync(method, uri, headers);
        }
        if (response.Headers["Session"] is string s) SessionId = s.Split(';')[0].Trim();
        return response;
    }

    /// <summary>The Transport of each SETUP reply <see cref="PlayTcpAsync"/> got, in track order.</summary>
    public List<RtspTransport> SetupTransports { get; } = [];

    /// <summary>DESCRIBE + SETUP (interleaved) of every track + PLAY; returns the PLAY response.</summary>
    public async Task<RtspResponse> PlayTcpAsync(string url, int tracks)
    {
        Assert.Equal(200, (await RequestAsync("DESCRIBE", url)).StatusCode);
        for (int i = 0; i < tracks; i++)
        {
            var setup = await RequestAsync("SETUP", $"{url}/trackID={i}", WithSession(("Transport", $"RTP/AVP/TCP;unicast;interleaved={2 * i}-{2 * i + 1}")));
            Assert.Equal(200, setup.StatusCode);
            SetupTransports.Add(RtspTransport.ParseList(setup.Headers["Transport"]).Single());
        }
        var play = await RequestAsync("PLAY", url, WithSession(("Range", "npt=0.000-")));
        Assert.Equal(200, play.StatusCode);
        return play;
    }

    public (string, string)[] WithSession(params (string Name, string Value)[] headers) =>
        SessionId is null ? headers : [.. headers, ("Session", SessionId)];

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Half-closes: the server sees the end of its input.</summary>
    public ValueTask CompleteAsync() => _toServer.Writer.CompleteAsync();

    public async Task<RtspResponse> ReadResponseAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        return await _responses.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Every response received so far.</summary>
    public List<RtspResponse> TakeResponses()
    {
        var list = new List<RtspResponse>();
        while (_responses.Reader.TryRead(out var r)) list.Add(r);
        return list;
    }

    /// <summary>The next interleaved frame on <paramref name="channel"/> (others are skipped).</summary>
    public async Task<byte[]> ReadFrameAsync(byte channel)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var (c, data) = await _frames.Reader.ReadAsync(cts.Token);
            if (c == channel) return data;
        }
    }

    public async Task SendInterleavedAsync(byte channel, byte[] data)
    {
        var head = new byte[] { (byte)'$', channel, (byte)(data.Length >> 8), (byte)data.Length };
        await _toServer.Writer.WriteAsync(head.Concat(data).ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        await _toServer.Writer.CompleteAsync();
        using var cts = new CancellationTokenSource(Deadline);
        await Serving.WaitAsync(cts.Token);
        await _reading.WaitAsync(cts.Token);
    }

    private async Task<RtspResponse> SendOnceAsync(string method, string uri, (string Name, string Value)[] headers)
    {
        var request = new RtspRequest(method, uri);
        request.Headers.Set("CSeq", (++_cseq).ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        if (_auth?.CreateAuthorization(method, uri) is string authorization) request.Headers.Set("Authorization", authorization);
        RtspMessageWriter.Write(_toServer.Writer, request);
        await _toServer.Writer.FlushAsync();
        var response = await ReadResponseAsync();
        Assert.Equal(_cseq.ToString(CultureInfo.InvariantCulture), response.Headers["CSeq"]);
        return response;
    }

    private async Task ReadLoopAsync()
    {
        var input = _toClient.Reader;
        try
        {
            while (true)
            {
                if (_paused is { } paused) await paused.Task;
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                while (true)
                {
                    var kind = RtspFrameReader.TryRead(ref buffer, RtspParserLimits.Default, out var message, out var frame, out _);
                    if (kind == RtspFrameKind.Message && message is RtspResponse r) _responses.Writer.TryWrite(r);
                    else if (kind == RtspFrameKind.Interleaved) _frames.Writer.TryWrite((frame.Channel, frame.Payload.ToArray()));
                    else if (kind != RtspFrameKind.Message) break;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException)
        {
            // The server aborted the connection (it completes its output with an error then).
        }
        finally
        {
            await input.CompleteAsync();
            _responses.Writer.TryComplete();
            _frames.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
