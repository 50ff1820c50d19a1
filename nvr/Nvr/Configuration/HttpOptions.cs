namespace Nvr.Configuration;

/// <summary>
/// The <c>Http</c> section: the listener plus how the API, live HTTP outputs and UI authenticate.
/// Everything but <c>GET /healthz</c> needs a configured user (Digest, RFC 7616), as every other
/// protocol does.
/// </summary>
public sealed class HttpOptions : ListenerOptions
{
    /// <summary>Also accept Basic credentials (RFC 7617). Default false: without TLS the password
    /// would cross the network in clear; curl, ffmpeg, browsers and Home Assistant all speak Digest.</summary>
    public bool AllowBasic { get; set; }

    /// <summary>Serve without credentials. Default false; only for a box on a trusted network.</summary>
    public bool AllowAnonymous { get; set; }
}
