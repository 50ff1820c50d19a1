using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nvr.Rtsp;

/// <summary>Serializes RTSP messages (RFC 2326 §4): start line, header fields, CRLF, body.</summary>
public static class RtspMessageWriter
{
    /// <summary>
    /// Writes <paramref name="message"/>. Content-Length is set from <see cref="RtspMessage.Body"/>
    /// (removed when the body is empty).
    /// </summary>
    /// <exception cref="ArgumentException">A header name or value, the method or the URI contains CR or LF.</exception>
    public static void Write(IBufferWriter<byte> output, RtspMessage message)
    {
        var sb = new StringBuilder(256);
        switch (message)
        {
            case RtspRequest req:
                Check(req.Method);
                Check(req.Uri);
                sb.Append(req.Method).Append(' ').Append(req.Uri).Append(' ').Append(req.Version).Append("\r\n");
                break;
            case RtspResponse res:
                Check(res.Reason);
                sb.Append(res.Version).Append(' ').Append(res.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(res.Reason).Append("\r\n");
                break;
            default:
                throw new ArgumentException("unknown message type", nameof(message));
        }
        foreach (var h in message.Headers)
        {
            if (string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            Check(h.Key);
            Check(h.Value);
            sb.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
        }
        if (message.Body.Length > 0) sb.Append("Content-Length: ").Append(message.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("\r\n");
        string head = sb.ToString();
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(head.Length));
        int n = Encoding.UTF8.GetBytes(head, span);
        output.Advance(n);
        if (message.Body.Length > 0) output.Write(message.Body.Span);
    }

    /// <summary>The serialized message as a new array.</summary>
    public static byte[] ToBytes(RtspMessage message)
    {
        var w = new ArrayBufferWriter<byte>(256 + message.Body.Length);
        Write(w, message);
        return w.WrittenSpan.ToArray();
    }

    private static void Check(string s)
    {
        if (s.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("CR/LF in an RTSP start line or header");
    }
}
