using System.Globalization;

namespace Nvr.Media.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c> (RFC 8866 §6.15) in the
/// <c>key=value;key=value</c> form used by every RTP payload format a camera sends
/// (RFC 6184 §8.1, RFC 7798 §7.1, RFC 3640 §4.1).
/// </summary>
public sealed class SdpFmtp
{
    /// <summary>At most this many parameters are kept per payload type.</summary>
    public const int MaxParameters = 64;

    private readonly List<KeyValuePair<string, string>> _parameters;

    public SdpFmtp(int payloadType, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        PayloadType = payloadType;
        _parameters = parameters.ToList();
    }

    public int PayloadType { get; }

    /// <summary>Parameters in their original order and case; keys are unique (case-insensitive).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    /// <summary>Value of a parameter, matched case-insensitively; null when absent.</summary>
    /// <remarks>
    /// Parameter names are case-insensitive (RFC 3640 §4.1). Tolerance (the "CV-RTSPHandler" camera
    /// server of go2rtc's TestBugSDP5): <c>sizeLength=13; indexLength=3; indexDeltalength=3</c>.
    /// </remarks>
    public string? this[string name]
    {
        get
        {
            foreach (var p in _parameters)
            {
                if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
            }
            return null;
        }
    }

    /// <summary>An integer parameter; null when absent or not a non-negative decimal number.</summary>
    public int? GetInt(string name)
    {
        var v = this[name];
        return v is not null && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : null;
    }

    /// <summary>
    /// Parses the value after <c>a=fmtp:</c>. Returns null when the payload type is missing.
    /// </summary>
    /// <remarks>
    /// Tolerances: spaces after <c>;</c> (Hikvision, TP-Link: <c>packetization-mode=1; profile-level-id=…</c>),
    /// a trailing <c>;</c> (Reolink: <c>config=1408;</c>), empty items (<c>;;</c>), values containing
    /// <c>=</c> (base64 padding in <c>sprop-parameter-sets</c>: split at the first <c>=</c> only).
    /// </remarks>
    public static SdpFmtp? TryParse(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        int sp = value.IndexOfAny(' ', '\t');
        var ptText = sp < 0 ? value : value[..sp];
        if (!int.TryParse(ptText, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > 127) return null;
        var list = new List<KeyValuePair<string, string>>();
        if (sp >= 0) Merge(list, value[(sp + 1)..]);
        return new SdpFmtp(pt, list);
    }

    /// <summary>
    /// Adds the parameters of a duplicated <c>a=fmtp</c> line for the same payload type; a key that is
    /// already present keeps its first value.
    /// </summary>
    /// <remarks>
    /// Tolerance (defensive; regression fixture <c>uniview.sdp</c>): two <c>a=fmtp</c> lines for one
    /// payload type, the second carrying parameters the first lacks. RFC 8866 allows only one; merging
    /// loses nothing a strict parser would have kept.
    /// </remarks>
    internal void MergeFrom(SdpFmtp other)
    {
        foreach (var p in other._parameters)
        {
            if (_parameters.Count >= MaxParameters) return;
            if (this[p.Key] is null) _parameters.Add(p);
        }
    }

    private static void Merge(List<KeyValuePair<string, string>> list, ReadOnlySpan<char> text)
    {
        foreach (var range in text.Split(';'))
        {
            var item = text[range].Trim();
            if (item.IsEmpty) continue;
            int eq = item.IndexOf('=');
            string key = (eq < 0 ? item : item[..eq]).Trim().ToString();
            string val = eq < 0 ? "" : item[(eq + 1)..].Trim().ToString();
            if (key.Length == 0) continue;
            bool dup = false;
            foreach (var p in list)
            {
                if (string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)) { dup = true; break; }
            }
            if (dup) continue;
            if (list.Count >= MaxParameters) return;
            list.Add(new KeyValuePair<string, string>(key, val));
        }
    }

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(PayloadType.ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < _parameters.Count; i++)
        {
            sb.Append(i == 0 ? ' ' : ';');
            sb.Append(_parameters[i].Key);
            if (_parameters[i].Value.Length > 0) sb.Append('=').Append(_parameters[i].Value);
        }
        return sb.ToString();
    }
}
