using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>
/// An ONVIF device simulator for tests: device, Media1, Media2, events (pull point with controllable
/// motion), PTZ (records every call), optional WS-UsernameToken / HTTP Digest authentication,
/// configurable clock skew, restart on the same port (a "reboot": subscriptions are forgotten),
/// and a WS-Discovery responder. HTTP binds to 127.0.0.1 or an address inside a test-made network
/// namespace. Stream URIs point at a configurable RTSP URL. Request parsing uses
/// System.Xml.Linq, independent of the library under test; responses are written in the shape
/// real devices use (prefixes env/tds/trt/tr2/tt/tev/wsnt/wsa5/tptz).
/// </summary>
public sealed partial class OnvifSimulator : IAsyncDisposable
{
    internal const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    internal const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Realm = "NvrSim";

    private readonly OnvifSimulatorOptions _options;
    private readonly Lock _gate = new();
    private readonly List<SimulatorRequestRecord> _requests = [];
    private readonly List<SimulatorPtzCall> _ptzCalls = [];
    private readonly HashSet<string> _digestNonces = [];
    private SimulatorHttpServer? _http;
    private SimulatorDiscoveryResponder? _discovery;
    private int _port;
    private long _clockSkewTicks;

    private OnvifSimulator(OnvifSimulatorOptions options)
    {
        _options = options;
        _port = options.Port;
        _clockSkewTicks = options.ClockSkew.Ticks;
        ResetPresets();
    }

    public OnvifSimulatorOptions Options => _options;

    /// <summary>Starts a simulator; HTTP is accepting when this returns.</summary>
    public static async Task<OnvifSimulator> StartAsync(OnvifSimulatorOptions? options = null)
    {
        var sim = new OnvifSimulator(options ?? new OnvifSimulatorOptions());
        await sim.StartAgainAsync().ConfigureAwait(false);
        return sim;
    }

    /// <summary>Device clock − real clock; change it at any time.</summary>
    public TimeSpan ClockSkew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks));
        set => Interlocked.Exchange(ref _clockSkewTicks, value.Ticks);
    }

    public DateTimeOffset DeviceNow => _options.TimeProvider.GetUtcNow() + ClockSkew;

    /// <summary>Number of (re)starts.</summary>
    public int BootCount { get; private set; }

    public bool IsRunning => _http is not null;

    public int Port => _port;

    /// <summary>host:port to give a client.</summary>
    public string HostPort => $"{_options.BindAddress}:{_port}";

    /// <summary>The real device service address.</summary>
    public Uri DeviceServiceUri => new($"http://{_options.BindAddress}:{_port}/onvif/device_service");

    public IReadOnlyList<SimulatorRequestRecord> Requests
    {
        get { lock (_gate) return _requests.ToArray(); }
    }

    public IReadOnlyList<SimulatorPtzCall> PtzCalls
    {
        get { lock (_gate) return _ptzCalls.ToArray(); }
    }

    public async Task StartAgainAsync()
    {
        if (_http is not null) return;
        var bind = new IPEndPoint(_options.BindAddress, _port);
        Socket listener;
        void Setup(Socket s)
        {
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(bind);
            s.Listen(64);
        }

        if (_options.Namespace is { } ns)
        {
            listener = ns.CreateSocket(SocketType.Stream, ProtocolType.Tcp, Setup);
        }
        else
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Setup(listener);
        }

        _port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _http = new SimulatorHttpServer(listener, HandleAsync);
        if (_options.Discovery) _discovery = SimulatorDiscoveryResponder.Start(this, _options);
        BootCount++;
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Stops answering (connections are closed, in-flight long polls dropped) and forgets subscriptions, like a reboot.</summary>
    public async Task StopAsync()
    {
        var http = _http;
        var discovery = _discovery;
        _http = null;
        _discovery = null;
        ForgetSubscriptions();
        if (discovery is not null) await discovery.DisposeAsync().ConfigureAwait(false);
        if (http is not null) await http.DisposeAsync().ConfigureAwait(false);
    }

    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StartAgainAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    internal string ReportedHost => _options.ReportedHost ?? _options.BindAddress.ToString();

    internal int ReportedPort => _options.ReportedPort ?? _port;

    /// <summary>Base of every XAddr the device reports.</summary>
    internal string XAddrBase => $"http://{ReportedHost}:{ReportedPort}";

    private async Task<SimulatorHttpResponse> HandleAsync(SimulatorHttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Method == "GET" && request.Path == "/onvif/snapshot.jpg")
        {
            return new SimulatorHttpResponse(200, "image/jpeg", [0xFF, 0xD8, 0xFF, 0xD9]);
        }

        if (request.Method != "POST") return new SimulatorHttpResponse(404, "text/plain", "not found"u8.ToArray());

        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(request.Body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return Fault(Soap12, new SimulatorFault(400, "env:Sender", "ter:WellFormed", "request is not well-formed XML: " + e.Message));
        }

        var envelope = doc.Root!;
        var soap = envelope.Name.NamespaceName;
        if (envelope.Name.LocalName != "Envelope" || (soap != Soap12 && soap != Soap11))
        {
            return Fault(Soap12, new SimulatorFault(400, "env:Sender", "ter:WellFormed", "not a SOAP envelope"));
        }

        if (_options.Soap11Only && soap == Soap12)
        {
            Record(new SimulatorRequestRecord("(VersionMismatch)", "1.2", request.Path, false, "SOAP 1.2 refused", false, false));
            return Fault(Soap11, new SimulatorFault(500, "SOAP-ENV:VersionMismatch", "", "SOAP 1.2 is not supported"));
        }

        var header = envelope.Element(XName.Get("Header", soap));
        var operation = envelope.Element(XName.Get("Body", soap))?.Elements().FirstOrDefault();
        if (operation is null) return Fault(soap, new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", "empty body"));
        string name = operation.Name.LocalName;
        bool media2 = operation.Name.NamespaceName == "http://www.onvif.org/ver20/media/wsdl";
        string version = soap == Soap12 ? "1.2" : "1.1";

        bool hadToken = header?.Descendants().Any(e => e.Name.LocalName == "UsernameToken") == true;
        bool hadDigest = request.Header("authorization")?.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) == true;
        string? failure = name == "GetSystemDateAndTime" ? null : CheckAuth(request, header);
        Record(new SimulatorRequestRecord(media2 ? "Media2." + name : name, version, request.Path, failure is null, failure, hadToken, hadDigest));
        if (failure is not null)
        {
            var response = Fault(soap, new SimulatorFault(401, "env:Sender", "ter:NotAuthorized", "Sender not Authorized"));
            if (_options.Auth is SimulatorAuthMode.HttpDigest or SimulatorAuthMode.Either)
            {
                string nonce = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                lock (_gate) _digestNonces.Add(nonce);
                response = response with { Headers = [new("WWW-Authenticate", $"Digest realm=\"{Realm}\", qop=\"auth\", nonce=\"{nonce}\", algorithm=MD5")] };
            }

            return response;
        }

        try
        {
            string body = await DispatchAsync(name, media2, operation, header, request, cancellationToken).ConfigureAwait(false);
            return Envelope(soap, 200, body);
        }
        catch (SimulatorFault fault)
        {
            return Fault(soap, fault);
        }
    }

    private string? CheckAuth(SimulatorHttpRequest request, XElement? header)
    {
        switch (_options.Auth)
        {
            case SimulatorAuthMode.None:
                return null;
            case SimulatorAuthMode.UsernameToken:
                return SimulatorAuth.CheckUsernameToken(header, _options.Username, _options.Password, DeviceNow, _options.TokenWindow);
            case SimulatorAuthMode.HttpDigest:
                lock (_gate) return SimulatorAuth.CheckDigest(request.Header("authorization"), request.Method, Realm, _options.Username, _options.Password, _digestNonces);
            default:
                var token = SimulatorAuth.CheckUsernameToken(header, _options.Username, _options.Password, DeviceNow, _options.TokenWindow);
                if (token is null) return null;
                lock (_gate)
                {
                    var digest = SimulatorAuth.CheckDigest(request.Header("authorization"), request.Method, Realm, _options.Username, _options.Password, _digestNonces);
                    return digest is null ? null : token + "; " + digest;
                }
        }
    }

    private Task<string> DispatchAsync(string name, bool media2, XElement op, XElement? header, SimulatorHttpRequest request, CancellationToken cancellationToken)
    {
        if (media2) return Task.FromResult(Media2Operation(name, op));
        return name switch
        {
            "PullMessages" => PullMessagesAsync(op, header, request, cancellationToken),
            _ => Task.FromResult(name switch
            {
                "GetSystemDateAndTime" => GetSystemDateAndTime(),
                "GetDeviceInformation" => GetDeviceInformation(),
                "GetCapabilities" => GetCapabilities(),
                "GetServices" => GetServices(),
                "GetHostname" => "<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP><tt:Name>sim-camera</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>",
                "GetScopes" => GetScopes(),
                "GetProfiles" => GetProfiles(),
                "GetProfile" => GetProfile(op),
                "GetVideoSources" => GetVideoSources(),
                "GetStreamUri" => GetStreamUri(op),
                "GetSnapshotUri" => GetSnapshotUri(op, media2: false),
                "CreatePullPointSubscription" => CreatePullPointSubscription(op),
                "Renew" => Renew(op, header, request),
                "Unsubscribe" => Unsubscribe(header, request),
                "SetSynchronizationPoint" => "<tev:SetSynchronizationPointResponse/>",
                "GetEventProperties" => GetEventProperties(),
                "ContinuousMove" or "Stop" or "GetPresets" or "GotoPreset" or "SetPreset" or "RemovePreset" => PtzOperation(name, op),
                _ => throw new SimulatorFault(500, "env:Receiver", "ter:ActionNotSupported", $"{name} is not implemented by the simulator"),
            }),
        };
    }

    private void Record(SimulatorRequestRecord record)
    {
        lock (_gate) _requests.Add(record);
    }

    internal static string Esc(string? s) => SecurityElement.Escape(s ?? string.Empty);

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static SimulatorHttpResponse Envelope(string soap, int status, string body)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.Append("<env:Envelope xmlns:env=\"").Append(soap).Append('"');
        xml.Append(" xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\" xmlns:trt=\"http://www.onvif.org/ver10/media/wsdl\"");
        xml.Append(" xmlns:tr2=\"http://www.onvif.org/ver20/media/wsdl\" xmlns:tt=\"http://www.onvif.org/ver10/schema\"");
        xml.Append(" xmlns:tev=\"http://www.onvif.org/ver10/events/wsdl\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\"");
        xml.Append(" xmlns:wsa5=\"http://www.w3.org/2005/08/addressing\" xmlns:tptz=\"http://www.onvif.org/ver20/ptz/wsdl\"");
        xml.Append(" xmlns:ter=\"http://www.onvif.org/ver10/error\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\"");
        xml.Append(" xmlns:sim=\"urn:nvr-sim:event\">");
        xml.Append("<env:Header/><env:Body>").Append(body).Append("</env:Body></env:Envelope>");
        var contentType = soap == Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";
        return new SimulatorHttpResponse(status, contentType, Encoding.UTF8.GetBytes(xml.ToString()));
    }

    private static SimulatorHttpResponse Fault(string soap, SimulatorFault f)
    {
        string body = soap == Soap12
            ? "<env:Fault><env:Code><env:Value>" + Esc(f.Code) + "</env:Value>"
              + (f.Subcode.Length > 0 ? "<env:Subcode><env:Value>" + Esc(f.Subcode) + "</env:Value></env:Subcode>" : "")
              + "</env:Code><env:Reason><env:Text xml:lang=\"en\">" + Esc(f.Reason) + "</env:Text></env:Reason></env:Fault>"
            : "<env:Fault><faultcode>" + Esc(f.Subcode.Length > 0 ? f.Subcode : f.Code) + "</faultcode><faultstring>" + Esc(f.Reason) + "</faultstring></env:Fault>";
        return Envelope(soap, f.HttpStatus, body);
    }
}
