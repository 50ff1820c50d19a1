using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Nvr.Rtsp.Client;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>
/// A scripted RTSP server over in-memory pipes: every accepted connection runs a loop that parses
/// requests and answers with <see cref="Handler"/>. Requests are recorded and signalled.
/// </summary>
internal sealed class FakeRtspServer : IRtspConnectionFactory, IAsyncDisposable
{
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    public FakeRtspServer(Func<FakeRtspServer, InMemoryConnection, RtspRequest, RtspResponse?> handler) => Handler = handler;

    public Func<FakeRtspServer, InMemoryConnection, RtspRequest, RtspResponse?> Handler { get; }
    public ConcurrentQueue<InMemoryConnection> Connections { get; } = new();
    public ConcurrentQueue<RtspRequest> Requests { get; } = new();
    public Channel<RtspRequest> Received { get; } = Channel.CreateUnbounded<RtspRequest>();
    public System.Net.IPEndPoint? Remote { get; init; }
    /// <summary>Responses the client sent to requests of the server.</summary>
    public Channel<RtspResponse> ClientResponses { get; } = Channel.CreateUnbounded<RtspResponse>();
    /// <summary>Interleaved frames the client sent (RTCP receiver reports).</summary>
    public Channel<(byte Channel, byte[] Data)> ClientFrames { get; } = Channel.CreateUnbounded<(byte, byte[])>();

    public ValueTask<IRtspConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var c = new InMemoryConnection(host, port) { RemoteEndPoint = Remote };
        Connections.Enqueue(c);
        lock (_loops) _loops.Add(Task.Run(() => ServeAsync(c)));
        return ValueTask.FromResult<IRtspConnection>(c);
    }

    /// <summary>Waits (with a deadline) for the next request with the given method.</summary>
    public async Task<RtspRequest> WaitForAsync(string method, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var r = await Received.Reader.ReadAsync(cts.Token);
            if (r.Method == method) return r;
        }
    }

    public static async Task SendInterleavedAsync(InMemoryConnection c, byte channel, byte[] data)
    {
        var w = c.Server.Output;
        var head = new byte[4];
        head[0] = (byte)'$';
        head[1] = channel;
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(2), (ushort)data.Length);
        w.Write(head);
        w.Write(data);
        await w.FlushAsync();
    }

    public static async Task SendAsync(InMemoryConnection c, RtspMessage m)
    {
        RtspMessageWriter.Write(c.Server.Output, m);
        await c.Server.Output.FlushAsync();
    }

    private async Task ServeAsync(InMemoryConnection c)
    {
        var input = c.Server.Input;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await input.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                var toAnswer = new List<RtspRequest>();
                while (true)
                {
                    var kind = RtspFrameReader.TryRead(ref buffer, RtspParserLimits.Default, out var msg, out var frame, out _);
                    if (kind == RtspFrameKind.Message && msg is RtspRequest req) toAnswer.Add(req);
                    else if (kind == RtspFrameKind.Message) ClientResponses.Writer.TryWrite((RtspResponse)msg!);
                    else if (kind == RtspFrameKind.Interleaved) ClientFrames.Writer.TryWrite((frame.Channel, frame.Payload.ToArray()));
                    else break;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
                foreach (var req in toAnswer)
                {
                    Requests.Enqueue(req);
                    var res = Handler(this, c, req);
                    if (res is not null)
                    {
                        if (req.Headers["CSeq"] is string cseq && !res.Headers.Contains("CSeq")) res.Headers.Add("CSeq", cseq);
                        await SendAsync(c, res);
                    }
                    Received.Writer.TryWrite(req);
                }
                if (result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidOperationException)
        {
            // pipe completed by the client
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Task[] loops;
        lock (_loops) loops = _loops.ToArray();
        foreach (var c in Connections) await c.DisposeAsync();
        try { await Task.WhenAll(loops); } catch (Exception) { }
        _stop.Dispose();
    }
}
