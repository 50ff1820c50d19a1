using System.Net;
using System.Net.Sockets;
using Nvr.Media;
using Nvr.Media.Sdp;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Server;

// SETUP (RFC 2326 §10.4, §12.39): transport negotiation and session creation.
internal sealed partial class RtspServerConnection
{
    private async ValueTask<RtspResponse> SetupAsync(RtspRequest request)
    {
        if (Authorize(request, out var user) is { } denied) return denied;
        var target = RtspRequestTarget.TryParse(request.Uri, FallbackAuthority);
        if (target is null) return new RtspResponse(400);
        var transportHeader = request.Headers["Transport"];
        if (transportHeader is null) return new RtspResponse(400, "Bad Request (Transport missing)");
        var offers = RtspTransport.ParseList(transportHeader);

        RtspServerSession? existing = null;
        if (request.Headers.Contains("Session"))
        {
            existing = FindSession(request, out var error);
            if (existing is null) return error!;
            if (existing.Path != target.Path) return new RtspResponse(459);
        }

        IRtspMediaSource source;
        StreamDescription description;
        IReadOnlyList<TrackDescription> served;
        if (existing is not null)
        {
            (source, description, served) = (existing.Source, existing.Description, existing.Served);
        }
        else
        {
            var (resolved, described, status) = await ResolveAsync(target, user).ConfigureAwait(false);
            if (status != 0) return new RtspResponse(status);
            (source, description, served) = (resolved!, described!, RtspServer.Servable(described!));
        }

        int index = target.TrackId is int id ? IndexOf(served, id) : served.Count == 1 ? 0 : -2;
        if (index == -2) return new RtspResponse(459); // aggregate SETUP of several tracks
        if (index < 0) return new RtspResponse(404);
        var track = served[index];
        if (existing?.HasTrack(track.Id) == true) return new RtspResponse(459);
        int payloadType = SdpWriter.PayloadTypeFor(track, index);

        var wanted = existing?.Transport;
        RtspSessionTrack? setup = null;
        RtspTransport? reply = null;
        RtspSessionTransport kind = RtspSessionTransport.Tcp;
        MulticastStream? joined = null;
        foreach (var offer in offers)
        {
            if (!offer.Profile.Equals("RTP/AVP", StringComparison.OrdinalIgnoreCase)) continue;
            if (offer.IsTcp)
            {
                if (wanted is not null and not RtspSessionTransport.Tcp) continue;
                if (existing is not null && existing.Connection != this) continue; // interleaved media needs this very connection
                var channels = offer.Interleaved is { } asked && asked.First <= 254 && asked.Second <= 255 && asked.First != asked.Second
                    && ChannelFree(asked.First) && ChannelFree(asked.Second)
                    ? asked
                    : FreeChannelPair();
                if (channels is not { } pair) continue;
                setup = new RtspSessionTrack(track, payloadType) { RtpChannel = (byte)pair.First, RtcpChannel = (byte)pair.Second };
                reply = new RtspTransport { IsTcp = true, Interleaved = pair, Ssrc = setup.Ssrc };
                kind = RtspSessionTransport.Tcp;
                break;
            }
            if (offer.IsMulticast)
            {
                if (!_server.Options.MulticastEnabled || wanted is not null and not RtspSessionTransport.Multicast) continue;
                var stream = existing?.Multicast;
                if (stream is null)
                {
                    stream = _server.Multicast.Join(source, description, served, LocalEndPoint?.Address);
                    if (stream is null) return new RtspResponse(453);
                    joined = stream;
                }
                var group = stream.Track(track.Id);
                if (group is null) continue;
                setup = new RtspSessionTrack(track, payloadType) { Group = group };
                reply = new RtspTransport
                {
                    IsMulticast = true,
                    Destination = group.Group.ToString(),
                    Port = new RtspPortRange(group.RtpPort, group.RtcpPort),
                    Ttl = group.Ttl,
                };
                kind = RtspSessionTransport.Multicast;
                break;
            }
            if (wanted is not null and not RtspSessionTransport.Udp) continue;
            if (offer.ClientPort is not { } client || client.First is 0 || client.Second is 0) continue;
            if (RemoteAddress.Equals(IPAddress.None)) continue; // no peer address to send to
            // The destination parameter is ignored: media only goes to the client's own address
            // (RFC 2326 §12.39 warns that honouring it turns the server into a traffic cannon).
            var (rtp, rtcp) = _server.BindUdpPair(RemoteAddress.AddressFamily);
            if (rtp is null || rtcp is null) return new RtspResponse(453);
            setup = new RtspSessionTrack(track, payloadType)
            {
                RtpSocket = rtp,
                RtcpSocket = rtcp,
                ClientRtp = new IPEndPoint(RemoteAddress, client.First),
                ClientRtcp = new IPEndPoint(RemoteAddress, client.Second),
            };
            reply = new RtspTransport
            {
                ClientPort = client,
                ServerPort = new RtspPortRange(((IPEndPoint)rtp.LocalEndPoint!).Port, ((IPEndPoint)rtcp.LocalEndPoint!).Port),
                Ssrc = setup.Ssrc,
            };
            kind = RtspSessionTransport.Udp;
            break;
        }
        if (setup is null || reply is null)
        {
            if (joined is not null) await _server.Multicast.LeaveAsync(joined, null).ConfigureAwait(false);
            return new RtspResponse(461);
        }

        var session = existing;
        if (session is null)
        {
            session = _server.TryCreateSession(target, source, description, served, this, user);
            if (session is null)
            {
                Dispose(setup);
                if (joined is not null) await _server.Multicast.LeaveAsync(joined, null).ConfigureAwait(false);
                var busy = new RtspResponse(503);
                busy.Headers.Set("Retry-After", "5");
                return busy;
            }
        }
        if (session.AddTrack(setup, kind, joined) is int refused)
        {
            Dispose(setup);
            if (joined is not null) await _server.Multicast.LeaveAsync(joined, null).ConfigureAwait(false);
            if (existing is null) await session.CloseAsync(RtspSessionCloseReason.Teardown).ConfigureAwait(false);
            return new RtspResponse(refused);
        }
        var response = new RtspResponse(200);
        response.Headers.Set("Transport", reply.ToString());
        response.Headers.Set("Session", SessionHeader(session));
        return response;
    }

    private static int IndexOf(IReadOnlyList<TrackDescription> served, int trackId)
    {
        for (int i = 0; i < served.Count; i++)
        {
            if (served[i].Id == trackId) return i;
        }
        return -1;
    }

    private bool ChannelFree(int channel)
    {
        RtspServerSession[] sessions;
        lock (_lock) sessions = [.. _sessions];
        foreach (var s in sessions)
        {
            if (s.UsesChannel(channel)) return false;
        }
        return true;
    }

    private RtspPortRange? FreeChannelPair()
    {
        for (int c = 0; c < 254; c += 2)
        {
            if (ChannelFree(c) && ChannelFree(c + 1)) return new RtspPortRange(c, c + 1);
        }
        return null;
    }

    private static void Dispose(RtspSessionTrack track)
    {
        track.RtpSocket?.Dispose();
        track.RtcpSocket?.Dispose();
    }
}
