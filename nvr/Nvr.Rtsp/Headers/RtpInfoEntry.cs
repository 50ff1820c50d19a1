using System.Globalization;
using System.Text;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// One stream of the RTP-Info header (RFC 2326 §12.33): <c>url=…;seq=…;rtptime=…</c>.
/// </summary>
public sealed record RtpInfoEntry(string Url, ushort? Sequence, uint? RtpTime)
{
    /// <summary>
    /// Parses an RTP-Info header value. Entries are split at a comma followed by <c>url=</c>, so URLs
    /// containing commas or semicolons (Dahua queries, Axis parameters) survive. Malformed
    /// numbers leave the field null.
    /// </summary>
    public static IReadOnlyList<RtpInfoEntry> ParseList(string? header)
    {
        var list = new List<RtpInfoEntry>();
        if (string.IsNullOrWhiteSpace(header)) return list;
        var starts = new List<int>();
        int pos = 0;
        while (pos < header.Length && starts.Count < 32)
        {
            int i = header.IndexOf("url=", pos, StringComparison.OrdinalIgnoreCase);
            if (i < 0) break;
            // Only at the start, or after a comma and optional spaces.
            int j = i - 1;
            while (j >= 0 && header[j] is ' ' or '\t') j--;
            if (j < 0 || header[j] == ',') starts.Add(i);
            pos = i + 4;
        }
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? header.LastIndexOf(',', starts[k + 1]) : header.Length;
            list.Add(ParseEntry(header.AsSpan(starts[k] + 4, end - starts[k] - 4)));
        }
        return list;
    }

    private static RtpInfoEntry ParseEntry(ReadOnlySpan<char> s)
    {
        ushort? seq = null;
        uint? time = null;
        // Peel known parameters off the end; whatever precedes them is the URL.
        while (true)
        {
            int semi = s.LastIndexOf(';');
            if (semi < 0) break;
            var p = s[(semi + 1)..].Trim();
            if (p.StartsWith("seq=", StringComparison.OrdinalIgnoreCase))
            {
                if (ushort.TryParse(p[4..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort v)) seq = v;
            }
            else if (p.StartsWith("rtptime=", StringComparison.OrdinalIgnoreCase))
            {
                if (uint.TryParse(p[8..], NumberStyles.None, CultureInfo.InvariantCulture, out uint v)) time = v;
            }
            else if (!p.IsEmpty) break;
            s = s[..semi];
        }
        return new RtpInfoEntry(s.Trim().ToString(), seq, time);
    }

    public override string ToString()
    {
        var sb = new StringBuilder("url=").Append(Url);
        if (Sequence is ushort q) sb.Append(CultureInfo.InvariantCulture, $";seq={q}");
        if (RtpTime is uint t) sb.Append(CultureInfo.InvariantCulture, $";rtptime={t}");
        return sb.ToString();
    }
}
