namespace Nvr.Onvif.Tests.Simulator;

/// <summary>An HTTP response the simulator sends.</summary>
public sealed record SimulatorHttpResponse(int Status, string ContentType, byte[] Body)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Send no Content-Length and close after the body (RFC 9112 §6.3 close-delimited), to test body limits enforced while reading.</summary>
    public bool CloseDelimited { get; init; }
}
