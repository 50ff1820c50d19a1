using System.Text;

namespace Nvr.Rtsp.Headers;

/// <summary>
/// Tokenizer for WWW-Authenticate and Authorization values (RFC 7235 §2.1, §4.1):
/// <code>
/// challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
/// auth-param  = token BWS "=" BWS ( token / quoted-string )
/// </code>
/// One value may hold several challenges (<c>Digest realm="a", nonce="b", Basic realm="a"</c>).
/// Tolerance (defensive): missing commas between parameters (<c>Digest realm="x" nonce="y"</c>) — a
/// token followed by <c>=</c> always continues the current challenge.
/// </summary>
internal static class AuthHeaderParser
{
    public const int MaxItems = 16;
    public const int MaxParams = 32;
    public const int MaxLength = 8192;

    public sealed class Item
    {
        public required string Scheme { get; init; }
        public string? Token68 { get; set; }
        public Dictionary<string, string> Params { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    public static List<Item> Parse(string value)
    {
        var items = new List<Item>();
        if (value.Length > MaxLength) return items;
        int pos = 0;
        Item? current = null;
        while (pos < value.Length && items.Count <= MaxItems)
        {
            while (pos < value.Length && (value[pos] is ' ' or '\t' or ',')) pos++;
            if (pos >= value.Length) break;
            int start = pos;
            while (pos < value.Length && !(value[pos] is ' ' or '\t' or ',' or '=' or '"')) pos++;
            if (pos == start)
            {
                pos++; // stray '=' or '"': skip it
                continue;
            }
            string token = value[start..pos];
            int afterToken = pos;
            while (pos < value.Length && value[pos] is ' ' or '\t') pos++;
            bool isParam = false;
            if (pos < value.Length && value[pos] == '=')
            {
                int eqs = pos;
                while (eqs < value.Length && value[eqs] == '=') eqs++;
                int next = eqs;
                while (next < value.Length && value[next] is ' ' or '\t') next++;
                isParam = eqs - pos == 1 && next < value.Length && value[next] != ',';
                if (!isParam)
                {
                    // token68 with '=' padding
                    if (current is not null && current.Token68 is null && current.Params.Count == 0) current.Token68 = value[start..eqs];
                    pos = eqs;
                    continue;
                }
                pos = next;
            }
            else pos = afterToken;

            if (isParam)
            {
                string v = ReadValue(value, ref pos);
                if (current is not null && current.Params.Count < MaxParams) current.Params.TryAdd(token, v);
                continue;
            }
            // A bare token: a new scheme, or the token68 of the current one.
            if (current is not null && current.Token68 is null && current.Params.Count == 0 && IsToken68(token) && WasSpaceSeparated(value, start))
            {
                current.Token68 = token;
                continue;
            }
            current = new Item { Scheme = token };
            items.Add(current);
        }
        if (items.Count > MaxItems) items.RemoveRange(MaxItems, items.Count - MaxItems);
        return items;
    }

    private static bool WasSpaceSeparated(string value, int start) => start > 0 && value[start - 1] is ' ' or '\t';

    private static bool IsToken68(string t)
    {
        foreach (char c in t)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/')) return false;
        }
        return true;
    }

    private static string ReadValue(string s, ref int pos)
    {
        if (pos < s.Length && s[pos] == '"')
        {
            pos++;
            var sb = new StringBuilder();
            while (pos < s.Length && s[pos] != '"')
            {
                if (s[pos] == '\\' && pos + 1 < s.Length) pos++;
                sb.Append(s[pos]);
                pos++;
            }
            if (pos < s.Length) pos++; // closing quote
            return sb.ToString();
        }
        int start = pos;
        while (pos < s.Length && !(s[pos] is ',' or ' ' or '\t')) pos++;
        return s[start..pos];
    }

    /// <summary>Quotes <paramref name="v"/> as an RFC 7230 quoted-string.</summary>
    public static string Quote(string v) => "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
