using System.Globalization;

namespace Nvr.Testing;

/// <summary>ffmpeg/ffprobe input options: transport and I/O timeout by URL scheme.</summary>
internal static class MediaInput
{
    internal static List<string> Options(string input, ClientTransport transport, TimeSpan ioTimeout)
    {
        var micros = ((long)ioTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        if (input.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("rtsps://", StringComparison.OrdinalIgnoreCase))
        {
            // FFmpeg 5.x: for RTSP, -timeout is the socket I/O timeout in µs (the old -stimeout).
            return ["-rtsp_transport", TransportName(transport), "-timeout", micros];
        }

        if (input.Contains("://", StringComparison.Ordinal) && !input.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return ["-rw_timeout", micros];
        }

        return [];
    }

    internal static string TransportName(ClientTransport transport) => transport switch
    {
        ClientTransport.Tcp => "tcp",
        ClientTransport.Udp => "udp",
        ClientTransport.UdpMulticast => "udp_multicast",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}
