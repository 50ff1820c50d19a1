namespace Nvr.EndToEnd.Tests.Support;

/// <summary>
/// HTTP clients for nvr's API over a caller's handler (e.g. one that connects inside a network
/// namespace), signed in as the config's first user like <see cref="NvrConfig.CreateHttpClient"/>.
/// </summary>
public static class NvrHttp
{
    public static HttpClient Create(NvrConfig config, SocketsHttpHandler? handler = null)
    {
        handler ??= new SocketsHttpHandler();
        handler.Credentials = config.Credential;
        handler.PreAuthenticate = true;
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = config.HttpBase, Timeout = TimeSpan.FromSeconds(60) };
    }
}
