using System.Net;

namespace Nvr.Onvif.Tests.Simulator;

/// <summary>One HTTP request as the simulator's server read it. Header names are lower-case.</summary>
public sealed record SimulatorHttpRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, IPEndPoint? Remote)
{
    public string Path => Target.Split('?', 2)[0];

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}
