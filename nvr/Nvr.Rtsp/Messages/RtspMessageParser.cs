using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nvr.Rtsp;

/// <summary>
/// Incremental, bounded parser for RTSP requests and responses (RFC 2326 §4–§7, RFC 7826 §8; the
/// HTTP/1.1 message syntax). Reads a <see cref="ReadOnlySequence{T}"/> from a pipe; never throws.
/// </summary>
/// <remarks>
/// <code>
/// RTSP/1.0 200 OK\r\n            start line (≤ MaxStartLine)
/// CSeq: 2\r\n                     header fields (≤ MaxHeaders, block ≤ MaxHeaderBytes)
/// Content-Length: 460\r\n
/// \r\n
/// v=0 …                           body: exactly Content-Length bytes (≤ MaxBody)
/// </code>
/// Tolerances (RFC 7230 §3.5 robustness rules): LF-only line endings, blank lines before a message
/// (RFC 7230 §3.5; some servers end interleaved data with CRLF), obsolete line folding
/// (RFC 7230 §3.2.4), spaces before the colon, a status line without reason phrase
/// (<c>RTSP/1.0 200</c>), <c>RTSP/2.0</c> responses, any case in header names (<c>Cseq</c>,
/// <c>Content-length</c>).
/// </remarks>
public static class RtspMessageParser
{
    /// <summary>
    /// Tries to parse one message at the start of <paramref name="buffer"/>. On
    /// <see cref="RtspParseStatus.Parsed"/>, <paramref name="buffer"/> is advanced past the message;
    /// otherwise it is left unchanged.
    /// </summary>
    public static RtspParseStatus TryParse(ref ReadOnlySequence<byte> buffer, RtspParserLimits limits, out RtspMessage? message, out RtspParseError error)
    {
        message = null;
        error = RtspParseError.None;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryPeek(out byte b) && (b == (byte)'\r' || b == (byte)'\n'))
        {
            reader.Advance(1);
            if (reader.Consumed > limits.MaxHeaderBytes) return Fail(RtspParseError.HeadersTooLarge, out error);
        }
        long headerStart = reader.Consumed;

        // Phase 1: find the end of the header block without allocating.
        var scan = reader;
        if (!scan.TryReadTo(out ReadOnlySequence<byte> first, (byte)'\n'))
        {
            return scan.Remaining > limits.MaxStartLine ? Fail(RtspParseError.StartLineTooLong, out error) : RtspParseStatus.NeedMoreData;
        }
        if (first.Length > limits.MaxStartLine) return Fail(RtspParseError.StartLineTooLong, out error);
        int lines = 0;
        while (true)
        {
            if (!scan.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                return scan.Consumed - headerStart + scan.Remaining > limits.MaxHeaderBytes
                    ? Fail(RtspParseError.HeadersTooLarge, out error)
                    : RtspParseStatus.NeedMoreData;
            }
            if (scan.Consumed - headerStart > limits.MaxHeaderBytes) return Fail(RtspParseError.HeadersTooLarge, out error);
            if (line.Length == 0 || line.Length == 1 && line.FirstSpan[0] == (byte)'\r') break;
            if (++lines > limits.MaxHeaders * 2) return Fail(RtspParseError.TooManyHeaders, out error);
        }

        // Phase 2: decode.
        reader.TryReadTo(out first, (byte)'\n');
        var msg = ParseStartLine(Decode(first));
        if (msg is null) return Fail(RtspParseError.MalformedStartLine, out error);
        var headers = msg.Headers;
        string? lastName = null;
        string? lastValue = null;
        while (true)
        {
            reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n');
            string text = Decode(line);
            if (text.Length == 0) break;
            if (text[0] == ' ' || text[0] == '\t')
            {
                if (lastName is null) return Fail(RtspParseError.MalformedHeader, out error);
                lastValue = lastValue + " " + text.Trim();
                headers.Set(lastName, lastValue);
                continue;
            }
            int colon = text.IndexOf(':');
            if (colon <= 0) return Fail(RtspParseError.MalformedHeader, out error);
            string name = text[..colon].Trim();
            if (name.Length == 0 || name.Contains(' ')) return Fail(RtspParseError.MalformedHeader, out error);
            if (headers.Count >= limits.MaxHeaders) return Fail(RtspParseError.TooManyHeaders, out error);
            lastName = name;
            lastValue = text[(colon + 1)..].Trim();
            headers.Add(name, lastValue);
        }

        int length = 0;
        string? cl = null;
        foreach (var v in headers.GetValues("Content-Length"))
        {
            if (cl is not null && cl != v.Trim()) return Fail(RtspParseError.BadContentLength, out error);
            cl = v.Trim();
        }
        if (cl is not null)
        {
            if (!long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out long l)) return Fail(RtspParseError.BadContentLength, out error);
            if (l > limits.MaxBody) return Fail(RtspParseError.BodyTooLarge, out error);
            length = (int)l;
        }
        if (reader.Remaining < length) return RtspParseStatus.NeedMoreData;
        if (length > 0)
        {
            msg.Body = reader.UnreadSequence.Slice(0, length).ToArray();
            reader.Advance(length);
        }
        buffer = buffer.Slice(reader.Position);
        message = msg;
        return RtspParseStatus.Parsed;
    }

    private static RtspParseStatus Fail(RtspParseError e, out RtspParseError error)
    {
        error = e;
        return RtspParseStatus.Error;
    }

    private static string Decode(in ReadOnlySequence<byte> line)
    {
        var s = line.IsSingleSegment ? Encoding.UTF8.GetString(line.FirstSpan) : Encoding.UTF8.GetString(line.ToArray());
        return s.EndsWith('\r') ? s[..^1] : s;
    }

    private static RtspMessage? ParseStartLine(string line)
    {
        line = line.Trim();
        if (line.StartsWith("RTSP/", StringComparison.Ordinal))
        {
            // RTSP/1.0 SP 3DIGIT [SP reason]
            int sp = line.IndexOf(' ');
            if (sp < 0) return null;
            string version = line[..sp];
            if (!IsVersion(version)) return null;
            var rest = line.AsSpan(sp + 1).TrimStart();
            int sp2 = rest.IndexOf(' ');
            var codeText = sp2 < 0 ? rest : rest[..sp2];
            if (codeText.Length != 3 || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code < 100) return null;
            string reason = sp2 < 0 ? RtspResponse.DefaultReason(code) : rest[(sp2 + 1)..].Trim().ToString();
            return new RtspResponse(code, reason) { Version = version };
        }
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !IsVersion(parts[2])) return null;
        foreach (char c in parts[0])
        {
            if (!(char.IsAsciiLetterUpper(c) || c == '_' || c == '-')) return null;
        }
        return new RtspRequest(parts[0], parts[1]) { Version = parts[2] };
    }

    private static bool IsVersion(string v)
        => v.Length == 8 && v.StartsWith("RTSP/", StringComparison.Ordinal) && char.IsAsciiDigit(v[5]) && v[6] == '.' && char.IsAsciiDigit(v[7]);
}
