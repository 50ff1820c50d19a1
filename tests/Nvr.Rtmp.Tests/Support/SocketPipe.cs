using System.IO.Pipelines;
using System.Net.Sockets;

namespace Nvr.Rtmp.Tests.Support;

/// <summary>A connected socket as an <see cref="IDuplexPipe"/>, as the host's TCP listener will hand it over.</summary>
internal sealed class SocketPipe : IDuplexPipe, IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    public SocketPipe(Socket socket, Stream? recordIncoming = null)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Input = PipeReader.Create(recordIncoming is null ? _stream : new TeeReadStream(_stream, recordIncoming), new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    /// <summary>Copies everything read to a second stream (to capture real client bytes for the fuzz corpora).</summary>
    private sealed class TeeReadStream(Stream inner, Stream copy) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            lock (copy) copy.Write(buffer, offset, n);
            return n;
        }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            lock (copy) copy.Write(buffer.Span[..n]);
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
