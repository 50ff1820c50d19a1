namespace Nvr.Media.Codecs.Mjpeg;

/// <summary>
/// The quantization tables RFC 2435 §4.2 implies for Q 1-99: the example tables of ITU-T T.81
/// Annex K.1 (luminance, chrominance) scaled by the factor of the IJG library, which is what
/// cameras' encoders use, so the reconstructed tables equal the ones the camera quantized with.
/// </summary>
/// <remarks>
/// <code>
/// factor = Q &lt; 50 ? 5000 / Q : 200 − 2·Q
/// entry  = clamp((base · factor + 50) / 100, 1, 255)
/// </code>
/// Results are in zig-zag order, as a DQT segment stores them (T.81 §B.2.4.1).
/// </remarks>
public static class JpegQuantizationTables
{
    // T.81 Table K.1 (luminance) and K.2 (chrominance), natural (row-major) order.
    private static readonly byte[] LuminanceBase =
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChrominanceBase =
    [
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>Natural-order index of the n-th coefficient in zig-zag order (T.81 Figure A.6).</summary>
    internal static ReadOnlySpan<byte> ZigZag =>
    [
        0, 1, 8, 16, 9, 2, 3, 10,
        17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34,
        27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36,
        29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46,
        53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>Luminance then chrominance table (128 bytes, zig-zag order) for Q in 1..99.</summary>
    public static byte[] ForQuality(int q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 99);
        int factor = q < 50 ? 5000 / q : 200 - 2 * q;
        var tables = new byte[128];
        var zigzag = ZigZag;
        for (int i = 0; i < 64; i++)
        {
            tables[i] = Scale(LuminanceBase[zigzag[i]], factor);
            tables[64 + i] = Scale(ChrominanceBase[zigzag[i]], factor);
        }
        return tables;
    }

    private static byte Scale(int value, int factor) => (byte)Math.Clamp((value * factor + 50) / 100, 1, 255);
}
