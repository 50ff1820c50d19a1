using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// The Session header (RFC 2326 §12.37): <c>session-id [;timeout=delta-seconds]</c>.
/// </summary>
public sealed record RtspSessionHeader(string Id, int? TimeoutSeconds)
{
    /// <summary>RFC 2326 §12.37: 60 seconds when the server gives none.</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>The timeout to honour: the server's, else <see cref="DefaultTimeoutSeconds"/>.</summary>
    public int EffectiveTimeoutSeconds => TimeoutSeconds is int t and > 0 ? t : DefaultTimeoutSeconds;

    /// <summary>
    /// Parses the header. Tolerances (defensive): spaces around <c>;</c> and <c>=</c>
    /// (<c>Session: 1234 ; timeout = 60</c>), parameter names in any case, other parameters ignored.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out RtspSessionHeader? session)
    {
        session = null;
        if (value is null) return false;
        var span = value.AsSpan().Trim();
        int semi = span.IndexOf(';');
        var id = (semi < 0 ? span : span[..semi]).Trim();
        if (id.IsEmpty || id.Length > 256 || id.ContainsAny(" \t\r\n,")) return false;
        int? timeout = null;
        if (semi >= 0)
        {
            var rest = span[(semi + 1)..];
            foreach (var r in rest.Split(';'))
            {
                var p = rest[r];
                int eq = p.IndexOf('=');
                if (eq < 0) continue;
                if (!p[..eq].Trim().Equals("timeout", StringComparison.OrdinalIgnoreCase)) continue;
                if (int.TryParse(p[(eq + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int t)) timeout = t;
            }
        }
        session = new RtspSessionHeader(id.ToString(), timeout);
        return true;
    }

    public override string ToString() => TimeoutSeconds is int t
        ? string.Create(CultureInfo.InvariantCulture, $"{Id};timeout={t}")
        : Id;
}
