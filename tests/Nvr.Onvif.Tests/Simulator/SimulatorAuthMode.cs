namespace Nvr.Onvif.Tests.Simulator;

/// <summary>What the simulated device demands of a request (GetSystemDateAndTime is always open, ONVIF Core §5.12.1).</summary>
public enum SimulatorAuthMode
{
    /// <summary>No authentication.</summary>
    None,
    /// <summary>WS-Security UsernameToken (digest or text); failures answer HTTP 401 + ter:NotAuthorized fault (Hikvision style).</summary>
    UsernameToken,
    /// <summary>HTTP Digest only (RFC 7616, MD5, qop=auth); WS-Security is ignored.</summary>
    HttpDigest,
    /// <summary>Either a valid UsernameToken or valid HTTP Digest.</summary>
    Either,
}
