using Nvr.Onvif;

namespace Nvr.OnvifGlue;

/// <summary>One-line, password-free descriptions of ONVIF failures for states, logs and API errors.</summary>
public static class OnvifErrors
{
    /// <summary><c>ONVIF fault ter:NotAuthorized: Sender not authorized</c>, or the transport/parse message.</summary>
    public static string Describe(Exception e) => e switch
    {
        OnvifFaultException f => $"ONVIF fault {f.Subcode}: {OneLine(f.Reason)}",
        OnvifException o => OneLine(o.Message),
        ArgumentException a => OneLine(a.Message),
        _ => OneLine(e.Message),
    };

    private static string OneLine(string s)
    {
        var line = s.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
