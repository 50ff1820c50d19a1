using System.Net;
using System.Net.Sockets;
using Nvr.Media;

namespace Nvr.Rtsp.Server;

/// <summary>
/// Hands out multicast groups and port pairs (<see cref="RtspServerOptions.MulticastAddressRange"/>,
/// <see cref="RtspServerOptions.MulticastPortFirst"/>..<see cref="RtspServerOptions.MulticastPortLast"/>)
/// and keeps one <see cref="MulticastStream"/> per path while any session uses it. Each track gets
/// its own group and its own even/odd port pair, so a receiver bound to either the group or the
/// port never sees another track's packets.
/// </summary>
internal sealed class RtspMulticastManager
{
    private readonly RtspServer _server;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MulticastStream> _streams = new(StringComparer.Ordinal);
    private readonly HashSet<uint> _usedGroups = [];
    private readonly HashSet<int> _usedPorts = [];
    private readonly MulticastRange _range;

    public RtspMulticastManager(RtspServer server)
    {
        _server = server;
        _range = MulticastRange.TryParse(server.Options.MulticastAddressRange, out var range) ? range.Value : default;
    }

    /// <summary>
    /// The path's stream (created on first use) with a reference taken for one session; null when the
    /// groups or ports are exhausted or a socket cannot be made.
    /// </summary>
    public MulticastStream? Join(IRtspMediaSource source, StreamDescription description, IReadOnlyList<TrackDescription> served, IPAddress? localAddress)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(source.Name, out var existing))
            {
                existing.References++;
                return existing;
            }
            var tracks = Allocate(served, localAddress);
            if (tracks is null) return null;
            var senders = new RtpTrackSender[tracks.Length];
            var destinations = new UdpRtpSink.Destination[tracks.Length];
            for (int i = 0; i < tracks.Length; i++)
            {
                senders[i] = new RtpTrackSender(i, served[i], Nvr.Media.Sdp.SdpWriter.PayloadTypeFor(served[i], i));
                var t = tracks[i];
                destinations[i] = UdpRtpSink.Destination.Create(t.Socket, t.Socket, new IPEndPoint(t.Group, t.RtpPort), new IPEndPoint(t.Group, t.RtcpPort));
            }
            var streamer = _server.CreateStreamer(new UdpRtpSink(destinations, _server.Options.MaxRtpPayloadSize), senders, description, "nvr-" + source.Name);
            var stream = new MulticastStream(_server, source, description, tracks, streamer) { References = 1 };
            _streams[source.Name] = stream;
            return stream;
        }
    }

    /// <summary>Drops a session's reference (stopping its playback first); the last one frees the groups.</summary>
    public async Task LeaveAsync(MulticastStream stream, RtspServerSession? session)
    {
        if (session is not null) await stream.StopPlayingAsync(session).ConfigureAwait(false);
        bool last;
        lock (_lock)
        {
            last = --stream.References == 0;
            if (last && _streams.TryGetValue(stream.Name, out var current) && ReferenceEquals(current, stream)) _streams.Remove(stream.Name);
        }
        if (!last) return;
        await stream.StopAsync().ConfigureAwait(false);
        lock (_lock) Free(stream.Tracks);
    }

    public async Task StopAllAsync()
    {
        MulticastStream[] streams;
        lock (_lock) streams = [.. _streams.Values];
        foreach (var s in streams) await s.StopAsync().ConfigureAwait(false);
    }

    private MulticastTrack[]? Allocate(IReadOnlyList<TrackDescription> served, IPAddress? localAddress)
    {
        var options = _server.Options;
        var iface = options.MulticastInterface is string configured ? IPAddress.Parse(configured)
            : localAddress is { AddressFamily: AddressFamily.InterNetwork } && !IPAddress.IsLoopback(localAddress) && !localAddress.Equals(IPAddress.Any) ? localAddress
            : null;
        var tracks = new List<MulticastTrack>();
        try
        {
            foreach (var track in served)
            {
                uint group = 0;
                bool found = false;
                for (uint i = 0; i < _range.Count; i++)
                {
                    if (_usedGroups.Contains(i)) continue;
                    group = i;
                    found = true;
                    break;
                }
                int port = -1;
                for (int p = options.MulticastPortFirst; p + 1 <= options.MulticastPortLast; p += 2)
                {
                    if (_usedPorts.Contains(p)) continue;
                    port = p;
                    break;
                }
                if (!found || port < 0) throw new InvalidOperationException("multicast groups or ports exhausted");
                var socket = CreateSender(iface, options);
                _usedGroups.Add(group);
                _usedPorts.Add(port);
                tracks.Add(new MulticastTrack(track.Id, _range.At(group), port, port + 1, options.MulticastTtl, socket) { GroupIndex = group });
            }
            return [.. tracks];
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException)
        {
            RtspServerLog.MulticastUnavailable(_server.Logger, e.Message);
            Free(tracks);
            return null;
        }
    }

    private Socket CreateSender(IPAddress? iface, RtspServerOptions options)
    {
        var socket = _server.Sockets.Create(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, options.MulticastTtl);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, options.MulticastLoopback);
            if (iface is not null) socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, iface.GetAddressBytes());
            socket.Bind(new IPEndPoint(iface ?? IPAddress.Any, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Free(IEnumerable<MulticastTrack> tracks)
    {
        foreach (var t in tracks)
        {
            _usedGroups.Remove(t.GroupIndex);
            _usedPorts.Remove(t.RtpPort);
            t.Socket.Dispose();
        }
    }
}
