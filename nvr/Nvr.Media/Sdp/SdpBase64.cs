namespace Nvr.Media.Sdp;

/// <summary>Lenient base64 and hex decoding for fmtp parameter values.</summary>
internal static class SdpBase64
{
    /// <summary>Largest decoded parameter set we accept (an SPS is &lt; 100 bytes; VPS/SPS with VUI &lt; 1 KiB).</summary>
    public const int MaxDecoded = 4096;

    /// <summary>
    /// Decodes base64. Tolerance (defensive, like ffmpeg's decoder; fixture <c>reolink.sdp</c>): missing
    /// <c>=</c> padding; URL-safe alphabet. Returns null when invalid or empty.
    /// </summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxDecoded * 4 / 3 + 4) return null;
        Span<char> buf = stackalloc char[text.Length + 3];
        int len = 0;
        foreach (char c in text)
        {
            buf[len++] = c switch { '-' => '+', '_' => '/', _ => c };
        }
        while (len % 4 != 0) buf[len++] = '=';
        var dest = new byte[len / 4 * 3];
        if (!Convert.TryFromBase64Chars(buf[..len], dest, out int written) || written == 0) return null;
        return written == dest.Length ? dest : dest[..written];
    }

    /// <summary>Decodes hex (either case). Returns null when invalid, odd-length or empty.</summary>
    public static byte[]? DecodeHex(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length % 2 != 0 || text.Length > MaxDecoded * 2) return null;
        var dest = new byte[text.Length / 2];
        return Convert.FromHexString(text, dest, out _, out int written) == System.Buffers.OperationStatus.Done && written == dest.Length ? dest : null;
    }

    /// <summary>Encodes base64 with padding (RFC 6184 §8.1: sprop-parameter-sets uses RFC 4648 base64).</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);
}
