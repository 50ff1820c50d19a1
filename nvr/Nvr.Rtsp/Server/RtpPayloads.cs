namespace Nvr.Rtsp.Server;

/// <summary>
/// The RTP payloads of one access unit, computed once and shared by every session that sends the
/// unit (sessions add their own 12-byte headers). The marker bit belongs on the last payload;
/// <see cref="SampleOffsets"/> (G.711 only) gives each payload's timestamp offset.
/// </summary>
internal sealed class RtpPayloads
{
    public static readonly RtpPayloads Invalid = new([], null);

    public RtpPayloads(byte[][] payloads, int[]? sampleOffsets)
    {
        Payloads = payloads;
        SampleOffsets = sampleOffsets;
    }

    public byte[][] Payloads { get; }
    public int[]? SampleOffsets { get; }
    public bool IsValid => Payloads.Length > 0;

    public int TotalBytes
    {
        get
        {
            int total = 0;
            foreach (var p in Payloads) total += p.Length;
            return total;
        }
    }
}
