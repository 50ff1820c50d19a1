using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>
/// The simulator's WS-Discovery 2005/04 target service: answers Probe messages (§5.2) whose Types
/// are empty or name NetworkVideoTransmitter or Device with a ProbeMatches (§5.3) sent unicast to
/// the prober. Inside a network namespace it joins 239.255.255.250 on both veth addresses; on
/// loopback it only takes unicast probes (multicast is never sent or joined outside a namespace).
/// </summary>
public sealed class SimulatorDiscoveryResponder : IAsyncDisposable
{
    private readonly OnvifSimulator _simulator;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private static int _answered;

    private SimulatorDiscoveryResponder(OnvifSimulator simulator, Socket socket)
    {
        _simulator = simulator;
        _socket = socket;
        _loop = LoopAsync();
    }

    /// <summary>Probes answered by any responder in this process.</summary>
    public static int ProbesAnswered => Volatile.Read(ref _answered);

    public static SimulatorDiscoveryResponder Start(OnvifSimulator simulator, OnvifSimulatorOptions options)
    {
        Socket socket;
        if (options.Namespace is { } ns)
        {
            socket = ns.CreateSocket(SocketType.Dgram, ProtocolType.Udp, s =>
            {
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(new IPEndPoint(IPAddress.Any, options.DiscoveryPort));
                // Joined on both veth ends: a probe sent out of either interface comes back to local
                // members of that interface by multicast loopback (the copy that crosses the veth
                // wire is dropped as a martian: its source is an address of this namespace).
                foreach (var local in new[] { ns.DeviceAddress, ns.PeerAddress })
                {
                    s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(IPAddress.Parse("239.255.255.250"), local));
                }
            });
        }
        else
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(options.BindAddress, options.DiscoveryPort));
        }

        return new SimulatorDiscoveryResponder(simulator, socket);
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65_536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var reply = Answer(buffer.AsSpan(0, received.ReceivedBytes).ToArray());
            if (reply is null) continue;
            try
            {
                await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _answered);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }

    private byte[]? Answer(byte[] datagram)
    {
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(datagram), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var probe = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Probe");
        if (probe is null) return null;
        var types = probe.Elements().FirstOrDefault(e => e.Name.LocalName == "Types")?.Value ?? "";
        var wanted = types.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Contains(':', StringComparison.Ordinal) ? t[(t.IndexOf(':', StringComparison.Ordinal) + 1)..] : t);
        if (wanted.Any(t => t is not ("NetworkVideoTransmitter" or "Device"))) return null;
        var messageId = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "MessageID")?.Value ?? "";

        var o = _simulator.Options;
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.Append("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\"");
        xml.Append(" xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\" xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\">");
        xml.Append("<SOAP-ENV:Header><wsa:MessageID>uuid:").Append(Guid.NewGuid().ToString("D")).Append("</wsa:MessageID>");
        xml.Append("<wsa:RelatesTo>").Append(OnvifSimulator.Esc(messageId)).Append("</wsa:RelatesTo>");
        xml.Append("<wsa:To SOAP-ENV:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>");
        xml.Append("<wsa:Action SOAP-ENV:mustUnderstand=\"true\">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>");
        xml.Append("<d:AppSequence SOAP-ENV:mustUnderstand=\"true\" MessageNumber=\"1\" InstanceId=\"").Append(_simulator.BootCount).Append("\"/></SOAP-ENV:Header>");
        xml.Append("<SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>").Append(OnvifSimulator.Esc(o.EndpointReference)).Append("</wsa:Address></wsa:EndpointReference>");
        xml.Append("<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>");
        xml.Append("<d:Scopes>").Append(OnvifSimulator.Esc(string.Join(' ', _simulator.Scopes()))).Append("</d:Scopes>");
        xml.Append("<d:XAddrs>").Append(OnvifSimulator.Esc(_simulator.XAddrBase + "/onvif/device_service")).Append("</d:XAddrs>");
        xml.Append("<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
