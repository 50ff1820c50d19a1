using System.IO.Pipelines;
using System.Net;
using Nvr.Rtsp.Client;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>A pair of pipes: the client's end is an <see cref="IRtspConnection"/>, the server's end is exposed to the fake.</summary>
internal sealed class InMemoryConnection : IRtspConnection, IDuplexPipe
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public InMemoryConnection(string host, int port)
    {
        Host = host;
        Port = port;
        Server = new ServerEnd(_toServer.Reader, _toClient.Writer);
    }

    public string Host { get; }
    public int Port { get; }
    public IDuplexPipe Server { get; }
    public bool Disposed { get; private set; }

    PipeReader IDuplexPipe.Input => _toClient.Reader;
    PipeWriter IDuplexPipe.Output => _toServer.Writer;
    public IDuplexPipe Transport => this;
    public IPEndPoint? RemoteEndPoint { get; init; }
    public IPEndPoint? LocalEndPoint { get; init; }

    public async ValueTask DisposeAsync()
    {
        Disposed = true;
        await _toClient.Reader.CompleteAsync();
        await _toServer.Writer.CompleteAsync();
    }

    private sealed class ServerEnd(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
