using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet.Server;

namespace Nvr.Mqtt;

/// <summary>
/// The embedded broker (MQTTnet's server) that runs when no external broker is configured, so Home
/// Assistant can point at the box. Every CONNECT goes through <see cref="MqttBrokerAuthorizer"/>;
/// nvr's own publisher connects to it over loopback TCP like any client, with a per-process secret
/// (see <c>nvr/design/mqtt.md</c> for why not the inject API). Retained messages live in memory:
/// nvr re-publishes its state at every connect, so nothing needs persisting.
/// </summary>
public sealed partial class MqttBroker : IAsyncDisposable
{
    /// <summary>Longest wait for subscribers to receive what is queued for them when stopping.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly MqttBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly MqttNetLogAdapter _mqttLog;
    private MqttServer? _server;

    public MqttBroker(MqttBrokerOptions options, IMqttUserValidator? users, ILoggerFactory? loggers = null)
    {
        _options = options;
        var factory = loggers ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger("Nvr.Mqtt.MqttBroker");
        _mqttLog = new MqttNetLogAdapter(factory.CreateLogger("MQTTnet.Server"));
        InternalPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        Authorizer = new MqttBrokerAuthorizer(users, options.AllowAnonymousLoopback, InternalPassword);
        BindAddress = string.IsNullOrWhiteSpace(options.BindAddress) ? null : IPAddress.Parse(options.BindAddress);
    }

    /// <summary>The CONNECT decisions this broker applies.</summary>
    public MqttBrokerAuthorizer Authorizer { get; }

    /// <summary>The listening port (the configured one; the kernel's choice when configured as 0).</summary>
    public int Port { get; private set; }

    public bool IsRunning => _server?.IsStarted == true;

    /// <summary>Where a client on this host reaches the broker: loopback unless bound to one address.</summary>
    public IPAddress LocalClientAddress =>
        BindAddress is null || BindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
        : BindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
        : BindAddress;

    /// <summary>The password of <see cref="MqttBrokerAuthorizer.InternalUsername"/>, fresh for each process.</summary>
    internal string InternalPassword { get; }

    private IPAddress? BindAddress { get; }

    /// <summary>Binds and starts accepting. Throws when the port cannot be bound (in use, no permission).</summary>
    public async Task StartAsync()
    {
        if (_server is not null) throw new InvalidOperationException("the broker is already started");
        try
        {
            _server = await StartServerAsync(ipv6: true).ConfigureAwait(false);
        }
        catch (SocketException e) when (BindAddress is null && e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
        {
            // IPv6 disabled on this host (ipv6.disable=1): listen on IPv4 only.
            _server = await StartServerAsync(ipv6: false).ConfigureAwait(false);
        }

        LogStarted(_logger, BindAddress?.ToString() ?? "*", Port);
    }

    /// <summary>Disconnects every client and closes the listener.</summary>
    public async Task StopAsync()
    {
        var server = _server;
        _server = null;
        if (server is null) return;
        try
        {
            if (server.IsStarted)
            {
                await DrainAsync(server).ConfigureAwait(false);
                await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
            }
        }
        finally
        {
            server.Dispose();
        }

        LogStopped(_logger, Port);
    }

    /// <summary>
    /// Lets queued deliveries (nvr's last <c>offline</c>) reach subscribers before the sockets close,
    /// for at most <see cref="DrainTimeout"/>.
    /// </summary>
    private async Task DrainAsync(MqttServer server)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        var poll = TimeSpan.FromMilliseconds(5);
        while (TimeProvider.System.GetElapsedTime(deadline) < DrainTimeout)
        {
            var clients = await server.GetClientsAsync().ConfigureAwait(false);
            if (clients.All(c => c.Session.PendingApplicationMessagesCount == 0)) return;
            await Task.Delay(poll).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task<MqttServer> StartServerAsync(bool ipv6)
    {
        var factory = new MqttServerFactory(_mqttLog);
        var builder = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(_options.Port)
            .WithDefaultEndpointReuseAddress();
        var options = builder.Build();
        var endpoint = options.DefaultEndpointOptions;
        if (BindAddress is { AddressFamily: AddressFamily.InterNetwork } v4)
        {
            endpoint.BoundInterNetworkAddress = v4;
            endpoint.BoundInterNetworkV6Address = IPAddress.None;
        }
        else if (BindAddress is { AddressFamily: AddressFamily.InterNetworkV6 } v6)
        {
            endpoint.BoundInterNetworkAddress = IPAddress.None;
            endpoint.BoundInterNetworkV6Address = v6;
        }
        else if (!ipv6)
        {
            endpoint.BoundInterNetworkV6Address = IPAddress.None;
        }

        var server = factory.CreateMqttServer(options);
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        Port = endpoint.Port;
        return server;
    }

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var decision = Authorizer.Decide(e.RemoteEndPoint, e.UserName, e.Password);
        e.ReasonCode = decision;
        // An empty ClientId gets one assigned under MQTT 5 (§3.1.3.1). Under 3.1.1 MQTTnet refuses it
        // with "identifier rejected" after this handler, which 3.1.1 §3.1.3.1 permits; clients such
        // as mosquitto_sub then need -i (Home Assistant always sends an id). See design/mqtt.md.
        if (decision == MQTTnet.Protocol.MqttConnectReasonCode.Success && string.IsNullOrEmpty(e.ClientId))
        {
            e.AssignedClientIdentifier = "nvr-anon-" + Guid.NewGuid().ToString("N");
        }
        if (decision != MQTTnet.Protocol.MqttConnectReasonCode.Success)
        {
            LogRefused(_logger, e.RemoteEndPoint?.ToString() ?? "?", e.UserName ?? "", decision);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 740, Level = LogLevel.Information, Message = "mqtt broker: listening on {Address}:{Port}")]
    private static partial void LogStarted(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 741, Level = LogLevel.Information, Message = "mqtt broker: stopped (port {Port})")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 742, Level = LogLevel.Warning, Message = "mqtt broker: refused {Remote} (user '{User}'): {Reason}")]
    private static partial void LogRefused(ILogger logger, string remote, string user, MQTTnet.Protocol.MqttConnectReasonCode reason);
}
