using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nvr.Rtsp;

/// <summary>
/// An <c>rtsp://</c> / <c>rtsps://</c> URL split into parts (RFC 2326 §3.2, RFC 3986 §3), with the
/// userinfo taken out: <see cref="ToString"/> never contains credentials.
/// </summary>
/// <remarks>
/// Kept as strings (not <see cref="Uri"/>) so the path and query reach the camera byte for byte.
/// Tolerance: a password containing an unencoded <c>@</c> or <c>:</c> (<c>rtsp://admin:p@ss@cam/</c>, a
/// common installer mistake with Hikvision/Dahua passwords): the userinfo ends at the last <c>@</c>
/// before the path. User and password are percent-decoded.
/// </remarks>
public sealed record RtspUrl
{
    public required string Scheme { get; init; }
    /// <summary>Host name or address; IPv6 without brackets.</summary>
    public required string Host { get; init; }
    public required int Port { get; init; }
    /// <summary>Path and query, starting with '/' (or empty), exactly as given.</summary>
    public required string PathAndQuery { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }
    /// <summary>The port was written in the URL (kept on output even when it is the default, so the
    /// Request-URI and digest <c>uri</c> are exactly what the user configured).</summary>
    public bool ExplicitPort { get; init; }

    /// <summary>The URL without userinfo (what is sent in requests).</summary>
    public override string ToString()
    {
        string host = Host.Contains(':') ? "[" + Host + "]" : Host;
        return Port == DefaultPort(Scheme) && !ExplicitPort
            ? $"{Scheme}://{host}{PathAndQuery}"
            : string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{host}:{Port}{PathAndQuery}");
    }

    public static int DefaultPort(string scheme) => scheme.Equals("rtsps", StringComparison.OrdinalIgnoreCase) ? 322 : 554;

    public static RtspUrl Parse(string url)
        => TryParse(url, out var u) ? u : throw new FormatException("not an rtsp URL: " + Redact(url));

    public static bool TryParse(string url, [NotNullWhen(true)] out RtspUrl? result)
    {
        result = null;
        url = url.Trim();
        int sep = url.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0) return false;
        string scheme = url[..sep].ToLowerInvariant();
        if (scheme is not ("rtsp" or "rtsps" or "rtspu")) return false;
        string rest = url[(sep + 3)..];
        int at = LastUserInfoAt(rest);
        string? user = null, pass = null;
        if (at >= 0)
        {
            string userinfo = rest[..at];
            rest = rest[(at + 1)..];
            int colon = userinfo.IndexOf(':');
            try
            {
                user = Uri.UnescapeDataString(colon < 0 ? userinfo : userinfo[..colon]);
                pass = colon < 0 ? null : Uri.UnescapeDataString(userinfo[(colon + 1)..]);
            }
            catch (UriFormatException)
            {
                return false;
            }
        }
        int pathStart = rest.AsSpan().IndexOfAny('/', '?');
        string authority = pathStart < 0 ? rest : rest[..pathStart];
        string path = pathStart < 0 ? "" : rest[pathStart..];
        if (path.StartsWith('?')) path = "/" + path;
        string host;
        int port = DefaultPort(scheme);
        bool explicitPort = false;
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']');
            if (close < 0) return false;
            host = authority[1..close];
            var after = authority.AsSpan(close + 1);
            if (!after.IsEmpty)
            {
                if (after[0] != ':' || !TryPort(after[1..], out port)) return false;
                explicitPort = true;
            }
        }
        else
        {
            int colon = authority.LastIndexOf(':');
            if (colon >= 0)
            {
                if (!TryPort(authority.AsSpan(colon + 1), out port)) return false;
                host = authority[..colon];
                explicitPort = true;
            }
            else host = authority;
        }
        if (host.Length == 0 || host.AsSpan().IndexOfAny(" \t\r\n") >= 0) return false;
        result = new RtspUrl { Scheme = scheme, Host = host, Port = port, PathAndQuery = path, UserName = user, Password = pass, ExplicitPort = explicitPort };
        return true;
    }

    /// <summary>Replaces the password of any userinfo in <paramref name="url"/> with <c>***</c>; for messages and logs.</summary>
    public static string Redact(string url)
    {
        int sep = url.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0) return url;
        string rest = url[(sep + 3)..];
        int at = LastUserInfoAt(rest);
        if (at < 0) return url;
        string userinfo = rest[..at];
        int colon = userinfo.IndexOf(':');
        string user = colon < 0 ? userinfo : userinfo[..colon];
        return url[..(sep + 3)] + user + ":***@" + rest[(at + 1)..];
    }

    private static int LastUserInfoAt(string rest)
    {
        // The authority ends at the first '/' or '?' after the last '@' that precedes any '/'.
        int firstSlash = rest.IndexOf('/');
        var head = firstSlash < 0 ? rest.AsSpan() : rest.AsSpan(0, firstSlash);
        return head.LastIndexOf('@');
    }

    private static bool TryPort(ReadOnlySpan<char> s, out int port)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
