using System.Net;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>Configuration of an <see cref="OnvifSimulator"/>.</summary>
public sealed record OnvifSimulatorOptions
{
    /// <summary>Where HTTP listens (127.0.0.1, or an address inside <see cref="Namespace"/>).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>HTTP port; 0 picks one on first start and keeps it across restarts.</summary>
    public int Port { get; init; }

    /// <summary>Create sockets inside this namespace.</summary>
    public NetworkNamespace? Namespace { get; init; }

    public SimulatorAuthMode Auth { get; init; } = SimulatorAuthMode.UsernameToken;

    public string Username { get; init; } = "admin";

    public string Password { get; init; } = "Sim-Pass-1";

    /// <summary>How far a UsernameToken's Created may be from the device clock (Hikvision uses about ±5 s… several minutes; strict here).</summary>
    public TimeSpan TokenWindow { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Device clock = our clock + this (changeable at run time with <see cref="OnvifSimulator.ClockSkew"/>).</summary>
    public TimeSpan ClockSkew { get; init; }

    public Uri MainStreamUri { get; init; } = new("rtsp://127.0.0.1:8554/main");

    public Uri SubStreamUri { get; init; } = new("rtsp://127.0.0.1:8554/sub");

    /// <summary>Write user:password@ into the stream URIs, like some OEM firmware does.</summary>
    public bool EmbedCredentialsInStreamUris { get; init; }

    /// <summary>Offer the Media2 service in GetServices.</summary>
    public bool Media2 { get; init; } = true;

    /// <summary>Offer PTZ (service + PTZ configuration in profiles).</summary>
    public bool Ptz { get; init; } = true;

    /// <summary>Answer SOAP 1.2 requests with a SOAP 1.1 VersionMismatch fault (old firmware).</summary>
    public bool Soap11Only { get; init; }

    /// <summary>Host written into XAddrs instead of the real one (simulates NAT / stale addresses). Use another loopback address, never a foreign one.</summary>
    public string? ReportedHost { get; init; }

    /// <summary>Port written into XAddrs instead of the real one.</summary>
    public int? ReportedPort { get; init; }

    /// <summary>Longest subscription lifetime granted, whatever the client asks for.</summary>
    public TimeSpan MaxTermination { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Carry the subscription id in WS-Addressing ReferenceParameters (Axis style) instead of the address path.</summary>
    public bool SubscriptionIdInReferenceParameters { get; init; }

    /// <summary>Also answer WS-Discovery probes (UDP 3702 on any address, multicast group joined on <see cref="BindAddress"/>).</summary>
    public bool Discovery { get; init; }

    /// <summary>UDP port for discovery (3702 in a namespace; a free port for unicast tests on loopback).</summary>
    public int DiscoveryPort { get; init; } = 3702;

    public string Manufacturer { get; init; } = "NvrSim";

    public string Model { get; init; } = "SIM-IPC-2MP";

    public string FirmwareVersion { get; init; } = "V1.2.3 build 240101";

    public string SerialNumber { get; init; } = "SIM0001234567";

    public string HardwareId { get; init; } = "SIM-HW-88";

    public string Name { get; init; } = "Sim Camera";

    public string Location { get; init; } = "test/lab";

    public string EndpointReference { get; init; } = "urn:uuid:5e1f0c7a-0b5e-4d8e-9a51-000000000001";
}
