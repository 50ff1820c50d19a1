namespace Nvr.Rtsp.Client;

/// <summary>Opens control connections for <see cref="RtspClient"/> (a TCP socket by default; in-memory pipes in tests).</summary>
public interface IRtspConnectionFactory
{
    ValueTask<IRtspConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken);
}
