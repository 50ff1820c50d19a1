using System.Net;

namespace Nvr.Onvif;

/// <summary>
/// The device answered with a SOAP fault (SOAP 1.2 Part 1 §5.4, SOAP 1.1 §4.4), or refused the
/// credentials at the HTTP level. <see cref="Subcode"/> is the most specific ONVIF fault code as the
/// device wrote it (ONVIF Core §5.11.2, e.g. <c>ter:NotAuthorized</c>, <c>ter:ActionNotSupported</c>);
/// <see cref="Reason"/> is the device's own text.
/// </summary>
public sealed class OnvifFaultException : OnvifException
{
    public OnvifFaultException(
        string code,
        IReadOnlyList<string> subcodes,
        string reason,
        HttpStatusCode? httpStatus,
        Uri? endpoint,
        string? action)
        : base(FormatMessage(code, subcodes, reason, httpStatus, action), endpoint)
    {
        Code = code;
        Subcodes = subcodes;
        Reason = reason;
        HttpStatus = httpStatus;
        Action = action;
    }

    /// <summary>The top-level fault code as written, e.g. <c>env:Sender</c> or <c>SOAP-ENV:Client</c>.</summary>
    public string Code { get; }

    /// <summary>Subcodes outermost first, as written (prefix:local), e.g. <c>ter:NotAuthorized</c>.</summary>
    public IReadOnlyList<string> Subcodes { get; }

    /// <summary>The innermost subcode, else the code: the name of the fault to show and match on.</summary>
    public string Subcode => Subcodes.Count > 0 ? Subcodes[^1] : Code;

    /// <summary>The device's reason text (may be empty).</summary>
    public string Reason { get; }

    /// <summary>The HTTP status the fault came with.</summary>
    public HttpStatusCode? HttpStatus { get; }

    /// <summary>The SOAP action (operation) that failed, e.g. <c>GetProfiles</c>.</summary>
    public string? Action { get; }

    /// <summary>
    /// The device refused the credentials: <c>ter:NotAuthorized</c> (ONVIF Core §5.12.2),
    /// <c>wsse:FailedAuthentication</c>/<c>wsse:InvalidSecurity</c> (WS-Security 1.1 §12), or HTTP 401.
    /// </summary>
    public bool IsNotAuthorized =>
        HttpStatus == HttpStatusCode.Unauthorized
        || Matches("NotAuthorized") || Matches("FailedAuthentication") || Matches("InvalidSecurity")
        || Matches("InvalidSecurityToken");

    /// <summary>True when the code or a subcode has local name <paramref name="localName"/> (prefix ignored).</summary>
    public bool Matches(string localName)
    {
        if (LocalName(Code).Equals(localName, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var s in Subcodes)
        {
            if (LocalName(s).Equals(localName, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static string LocalName(string qname)
    {
        int colon = qname.LastIndexOf(':');
        return colon < 0 ? qname : qname[(colon + 1)..];
    }

    private static string FormatMessage(string code, IReadOnlyList<string> subcodes, string reason, HttpStatusCode? status, string? action)
    {
        var name = subcodes.Count > 0 ? subcodes[^1] : code;
        var what = action is null ? "ONVIF request" : $"ONVIF {action}";
        var http = status is null ? "" : $" (HTTP {(int)status.Value})";
        return reason.Length > 0 ? $"{what} failed: {name}: {reason}{http}" : $"{what} failed: {name}{http}";
    }
}
