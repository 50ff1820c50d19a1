using System.IO.Pipelines;
using System.Net.Sockets;

namespace Nvr.Serving;

/// <summary>An accepted TCP socket as the <see cref="IDuplexPipe"/> protocol sessions take; disposing closes the socket.</summary>
internal sealed class SocketDuplexPipe : IDuplexPipe, IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    public SocketDuplexPipe(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        // Large segments: a flush writes each segment with its own send(), and the 4 KiB default
        // split every video frame into several syscalls per player.
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
