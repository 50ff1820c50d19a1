using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Client;

/// <summary>Real UDP sockets: ephemeral even/odd pairs for unicast, group membership for multicast.</summary>
public sealed class SystemRtpUdpSocketFactory : IRtpUdpSocketFactory
{
    public static readonly SystemRtpUdpSocketFactory Instance = new();

    /// <summary>Kernel receive buffer asked for (capped by net.core.rmem_max): a 4K I-frame burst is ~1 MB.</summary>
    public const int ReceiveBufferBytes = 2 * 1024 * 1024;

    private const int MaxAttempts = 200;

    public (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) BindUnicastPair(AddressFamily family)
    {
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var rtp = NewSocket(family);
            try
            {
                rtp.Bind(new IPEndPoint(any, 0));
                int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 != 0 || port == 65535)
                {
                    rtp.Dispose();
                    continue;
                }
                var rtcp = NewSocket(family);
                try
                {
                    rtcp.Bind(new IPEndPoint(any, port + 1));
                    return (new SystemUdpSocket(rtp), new SystemUdpSocket(rtcp));
                }
                catch (SocketException)
                {
                    rtcp.Dispose();
                    rtp.Dispose();
                }
            }
            catch
            {
                rtp.Dispose();
                throw;
            }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    public (IRtpUdpSocket Rtp, IRtpUdpSocket Rtcp) JoinMulticast(IPAddress group, int rtpPort, int rtcpPort, IPAddress? localInterface)
    {
        var rtp = Join(group, rtpPort, localInterface);
        try
        {
            return (rtp, Join(group, rtcpPort, localInterface));
        }
        catch
        {
            rtp.Dispose();
            throw;
        }
    }

    private static SystemUdpSocket Join(IPAddress group, int port, IPAddress? localInterface)
    {
        var s = NewSocket(group.AddressFamily);
        try
        {
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (group.AddressFamily == AddressFamily.InterNetworkV6)
            {
                s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group));
            }
            else
            {
                s.Bind(new IPEndPoint(IPAddress.Any, port));
                var iface = localInterface is { AddressFamily: AddressFamily.InterNetwork } ? localInterface : IPAddress.Any;
                s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, iface));
            }
            return new SystemUdpSocket(s);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private static Socket NewSocket(AddressFamily family)
    {
        var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            s.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // Not fatal: the kernel default applies.
        }
        return s;
    }

    private sealed class SystemUdpSocket : IRtpUdpSocket
    {
        private readonly Socket _socket;
        private readonly SocketAddress _received;
        private SocketAddress? _lastAddress;
        private IPEndPoint? _lastEndPoint;

        public SystemUdpSocket(Socket socket)
        {
            _socket = socket;
            _received = new SocketAddress(socket.AddressFamily);
            LocalPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        public int LocalPort { get; }

        public async ValueTask<RtpUdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            int n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _received, cancellationToken).ConfigureAwait(false);
            if (_lastEndPoint is null || !_received.Equals(_lastAddress))
            {
                var template = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
                var ep = (IPEndPoint)template.Create(_received);
                if (ep.Address.IsIPv4MappedToIPv6) ep = new IPEndPoint(ep.Address.MapToIPv4(), ep.Port);
                _lastEndPoint = ep;
                _lastAddress = new SocketAddress(_received.Family, _received.Size);
                _received.Buffer.Span.CopyTo(_lastAddress.Buffer.Span);
            }
            return new RtpUdpReceiveResult(n, _lastEndPoint);
        }

        public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken)
            => await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);

        public void Dispose() => _socket.Dispose();
    }
}
