using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Nvr.Rtsp.Client;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>In-memory UDP sockets: tests inject datagrams and read what was sent.</summary>
internal sealed class FakeUdpFactory : IRtpUdpSocketFactory
{
    private int _nextPort = 50000;

    public ConcurrentQueue<FakeUdpSocket> Sockets { get; } = new();
    public ConcurrentQueue<(IPAddress Group, int RtpPort, int RtcpPort)> Joins { get; } = new();

    public (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) BindUnicastPair(AddressFamily family)
    {
        int p = Interlocked.Add(ref _nextPort, 2) - 2;
        var pair = (new FakeUdpSocket(p), new FakeUdpSocket(p + 1));
        Sockets.Enqueue(pair.Item1);
        Sockets.Enqueue(pair.Item2);
        return pair;
    }

    public (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) JoinMulticast(IPAddress group, int rtpPort, int rtcpPort, IPAddress? localInterface)
    {
        Joins.Enqueue((group, rtpPort, rtcpPort));
        var pair = (new FakeUdpSocket(rtpPort), new FakeUdpSocket(rtcpPort));
        Sockets.Enqueue(pair.Item1);
        Sockets.Enqueue(pair.Item2);
        return pair;
    }

    public FakeUdpSocket Port(int port) => Sockets.Single(s => s.LocalPort == port);
}

internal sealed class FakeUdpSocket(int port) : IRtpUdpSocket
{
    public Channel<(byte[] Data, IPEndPoint From)> Incoming { get; } = Channel.CreateUnbounded<(byte[], IPEndPoint)>();
    public Channel<(byte[] Data, IPEndPoint To)> Sent { get; } = Channel.CreateUnbounded<(byte[], IPEndPoint)>();
    public bool Disposed { get; private set; }
    public int LocalPort => port;

    public async ValueTask<RtpUdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var (data, from) = await Incoming.Reader.ReadAsync(cancellationToken);
        data.CopyTo(buffer);
        return new RtpUdpReceiveResult(data.Length, from);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
    {
        Sent.Writer.TryWrite((datagram.ToArray(), destination));
        return ValueTask.CompletedTask;
    }

    public void Dispose() => Disposed = true;
}
