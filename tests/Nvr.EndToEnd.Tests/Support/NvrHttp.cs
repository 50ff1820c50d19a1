namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// The one place tests make HTTP clients for nvr's API, so credentials (when the API requires
/// them) are added here once.
/// </summary>
public static class NvrHttp
{
    public static HttpClient Create(Uri baseAddress, HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
