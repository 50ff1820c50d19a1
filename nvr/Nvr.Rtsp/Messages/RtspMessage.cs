using System.Globalization;

namespace Nvr.Rtsp;

/// <summary>An RTSP request or response (RFC 2326 §4, RFC 7826 §8).</summary>
public abstract class RtspMessage
{
    /// <summary>"RTSP/1.0" (sent); responses may also carry "RTSP/2.0" (RFC 7826).</summary>
    public string Version { get; set; } = "RTSP/1.0";
    public RtspHeaders Headers { get; } = new();
    /// <summary>The entity body (SDP, GET_PARAMETER text); its length is sent as Content-Length.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The CSeq header as a number, or null when missing or not a number.</summary>
    public int? CSeq => int.TryParse(Headers["CSeq"]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
}
