using System.Net;
using System.Net.Sockets;
using Nvr.Media.Rtp;

namespace Nvr.Rtsp.Server;

/// <summary>
/// RTP and RTCP as UDP datagrams, one socket pair per track: unicast to the client's
/// client_port pair, or multicast to a group's port pair (RFC 2326 §12.39). Sends are synchronous
/// and never wait for a receiver; a failed send (ICMP port unreachable surfacing, no route) is
/// counted, not fatal: UDP viewers are reaped by the session timeout.
/// </summary>
internal sealed class UdpRtpSink : RtpSink
{
    private readonly Destination[] _tracks;
    private readonly byte[] _datagram;
    private long _sendErrors;

    /// <param name="tracks">Per track: sending sockets and destinations.</param>
    /// <param name="maxPayloadSize">Largest RTP payload that will be written.</param>
    public UdpRtpSink(Destination[] tracks, int maxPayloadSize)
    {
        _tracks = tracks;
        _datagram = new byte[RtpPacket.FixedHeaderSize + maxPayloadSize];
    }

    public long SendErrors => Volatile.Read(ref _sendErrors);

    public override ValueTask<bool> BeginAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public override void WriteRtp(int track, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        var d = _tracks[track];
        header.CopyTo(_datagram);
        payload.CopyTo(_datagram.AsSpan(header.Length));
        Send(d.RtpSocket, _datagram.AsSpan(0, header.Length + payload.Length), d.Rtp);
    }

    public override void WriteRtcp(int track, ReadOnlySpan<byte> packet)
    {
        var d = _tracks[track];
        Send(d.RtcpSocket, packet, d.Rtcp);
    }

    public override ValueTask<bool> EndAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);

    private void Send(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, destination);
            Count(datagram.Length);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
            // The session is closing; its streamer is being stopped.
        }
    }

    /// <summary>Sockets and destinations of one track.</summary>
    internal sealed record Destination(Socket RtpSocket, Socket RtcpSocket, SocketAddress Rtp, SocketAddress Rtcp)
    {
        public static Destination Create(Socket rtpSocket, Socket rtcpSocket, IPEndPoint rtp, IPEndPoint rtcp) =>
            new(rtpSocket, rtcpSocket, Normalize(rtpSocket, rtp).Serialize(), Normalize(rtcpSocket, rtcp).Serialize());

        // An IPv4 client on a dual-stack (IPv6) socket needs its mapped address.
        private static IPEndPoint Normalize(Socket socket, IPEndPoint ep) =>
            socket.AddressFamily == AddressFamily.InterNetworkV6 && ep.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(ep.Address.MapToIPv6(), ep.Port)
                : ep;
    }
}
