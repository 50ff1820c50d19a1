using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Client;

/// <summary>Opens a TCP connection (IPv4 or IPv6, host names resolved) and exposes it as pipes.</summary>
public sealed class TcpRtspConnectionFactory : IRtspConnectionFactory
{
    public static readonly TcpRtspConnectionFactory Instance = new();

    public async ValueTask<IRtspConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new TcpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class TcpConnection : IRtspConnection, IDuplexPipe
    {
        private readonly NetworkStream _stream;

        public TcpConnection(Socket socket)
        {
            _stream = new NetworkStream(socket, ownsSocket: true);
            Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
            Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
            RemoteEndPoint = Normalize(socket.RemoteEndPoint as IPEndPoint);
            LocalEndPoint = Normalize(socket.LocalEndPoint as IPEndPoint);
        }

        public PipeReader Input { get; }
        public PipeWriter Output { get; }
        public IDuplexPipe Transport => this;
        public IPEndPoint? RemoteEndPoint { get; }
        public IPEndPoint? LocalEndPoint { get; }

        private static IPEndPoint? Normalize(IPEndPoint? ep)
            => ep is not null && ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;

        public async ValueTask DisposeAsync()
        {
            await Input.CompleteAsync().ConfigureAwait(false);
            await Output.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
