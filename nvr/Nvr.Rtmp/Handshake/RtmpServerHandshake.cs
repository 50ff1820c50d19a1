using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Nvr.Rtmp.Handshake;

/// <summary>
/// Server side of the RTMP handshake (Adobe RTMP specification 1.0, §5.2), with the digest
/// ("complex", Flash Player 9+) variant that Flash-era clients and FFmpeg send.
/// </summary>
/// <remarks>
/// <code>
/// C0/S0   version u8 = 3
/// C1/S1   time u32 | zero-or-version u32 | random 1528 bytes              (1536 bytes)
/// C2/S2   time u32 | time2 u32 | random echo 1528 bytes                   (1536 bytes)
///
/// digest C1/S1 (version field non-zero), two schemes of 764-byte blocks after the first 8 bytes:
///   scheme 0: [time][version][key block 764][digest block 764]
///   scheme 1: [time][version][digest block 764][key block 764]
///   digest block: offset u8×4 (their sum mod 728) | … | digest 32 at base+4+offset | …
///   digest = HMAC-SHA256(key, the 1536 bytes without the 32 digest bytes)
///   C1 key: "Genuine Adobe Flash Player 001"; S1 key: "Genuine Adobe Flash Media Server 001"
/// digest S2: random 1504 | HMAC-SHA256(HMAC-SHA256(FMS key ‖ 32 constant bytes, C1 digest), random 1504)
/// </code>
/// A C1 whose digest does not verify (librtmp, OBS, GStreamer, most encoders) gets the simple
/// answer: S1 with a zero version field, which tells digest-aware clients (FFmpeg) not to verify
/// it, and S2 echoing C1. A verified C1 gets digest S1/S2 in the client's scheme; Flash Player
/// refused to play H.264/AAC without them. C2 is read and ignored: clients differ in what they echo.
/// </remarks>
public sealed class RtmpServerHandshake
{
    public const int PacketSize = 1536;
    public const int C0C1Size = 1 + PacketSize;
    public const int S0S1S2Size = 1 + 2 * PacketSize;
    public const int C2Size = PacketSize;

    private const int DigestSize = 32;
    private const int BlockSize = 764;

    private static readonly byte[] FlashPlayerKey = "Genuine Adobe Flash Player 001"u8.ToArray();
    private static readonly byte[] FlashMediaServerKey =
    [
        .. "Genuine Adobe Flash Media Server 001"u8,
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    // Server version announced in a digest S1 (what Flash Media Server 3.x sent; clients only check it is non-zero).
    private static readonly byte[] ServerVersion = [0x04, 0x05, 0x00, 0x01];

    /// <summary>
    /// Validates C0+C1 and writes S0+S1+S2 into <paramref name="s0s1s2"/> (at least
    /// <see cref="S0S1S2Size"/> bytes). <paramref name="serverTime"/> is the S1 time field
    /// (milliseconds of an arbitrary epoch). Never throws for any input bytes.
    /// </summary>
    public static RtmpHandshakeResult ProcessC0C1(ReadOnlySpan<byte> c0c1, Span<byte> s0s1s2, uint serverTime)
    {
        if (s0s1s2.Length < S0S1S2Size) throw new ArgumentException("output shorter than S0+S1+S2", nameof(s0s1s2));
        if (c0c1.Length < C0C1Size) return RtmpHandshakeResult.Incomplete;
        if (c0c1[0] != 3) return RtmpHandshakeResult.UnsupportedVersion;
        var c1 = c0c1.Slice(1, PacketSize);
        var s1 = s0s1s2.Slice(1, PacketSize);
        var s2 = s0s1s2.Slice(1 + PacketSize, PacketSize);
        s0s1s2[0] = 3;

        var scheme = BinaryPrimitives.ReadUInt32BigEndian(c1[4..]) == 0 ? -1 : FindDigestScheme(c1, FlashPlayerKey);
        RandomNumberGenerator.Fill(s1[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(s1, serverTime);
        if (scheme < 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(s1[4..], 0);
            c1.CopyTo(s2);
            BinaryPrimitives.WriteUInt32BigEndian(s2[4..], serverTime);
            return RtmpHandshakeResult.Simple;
        }

        ServerVersion.CopyTo(s1[4..]);
        var s1DigestOffset = DigestOffset(s1, scheme);
        ComputeDigest(s1, s1DigestOffset, FlashMediaServerKey.AsSpan(0, 36), s1.Slice(s1DigestOffset, DigestSize));

        var clientDigest = c1.Slice(DigestOffset(c1, scheme), DigestSize);
        Span<byte> key = stackalloc byte[DigestSize];
        HMACSHA256.HashData(FlashMediaServerKey, clientDigest, key);
        RandomNumberGenerator.Fill(s2[..(PacketSize - DigestSize)]);
        HMACSHA256.HashData(key, s2[..(PacketSize - DigestSize)], s2[(PacketSize - DigestSize)..]);
        return RtmpHandshakeResult.Complex;
    }

    /// <summary>
    /// The digest scheme (0 or 1) under which <paramref name="packet"/> (a C1 or S1) carries a
    /// valid digest made with <paramref name="key"/>, or -1. Public for tests and clients.
    /// </summary>
    public static int FindDigestScheme(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key)
    {
        if (packet.Length != PacketSize) return -1;
        Span<byte> digest = stackalloc byte[DigestSize];
        for (var scheme = 0; scheme <= 1; scheme++)
        {
            var offset = DigestOffset(packet, scheme);
            ComputeDigest(packet, offset, key, digest);
            if (digest.SequenceEqual(packet.Slice(offset, DigestSize))) return scheme;
        }
        return -1;
    }

    /// <summary>Position of the 32-byte digest in a 1536-byte C1/S1 under <paramref name="scheme"/>.</summary>
    public static int DigestOffset(ReadOnlySpan<byte> packet, int scheme)
    {
        var block = scheme == 0 ? 8 + BlockSize : 8;
        var sum = packet[block] + packet[block + 1] + packet[block + 2] + packet[block + 3];
        return block + 4 + sum % (BlockSize - DigestSize - 4);
    }

    /// <summary>HMAC-SHA256 of <paramref name="packet"/> without the 32 bytes at <paramref name="digestOffset"/>.</summary>
    public static void ComputeDigest(ReadOnlySpan<byte> packet, int digestOffset, ReadOnlySpan<byte> key, Span<byte> digest)
    {
        Span<byte> message = stackalloc byte[PacketSize - DigestSize];
        packet[..digestOffset].CopyTo(message);
        packet[(digestOffset + DigestSize)..].CopyTo(message[digestOffset..]);
        HMACSHA256.HashData(key, message, digest);
    }

    /// <summary>The S2 digest a client expects for its C1 digest: for tests and clients.</summary>
    public static bool VerifyS2(ReadOnlySpan<byte> s2, ReadOnlySpan<byte> clientDigest)
    {
        if (s2.Length != PacketSize || clientDigest.Length != DigestSize) return false;
        Span<byte> key = stackalloc byte[DigestSize];
        Span<byte> expected = stackalloc byte[DigestSize];
        HMACSHA256.HashData(FlashMediaServerKey, clientDigest, key);
        HMACSHA256.HashData(key, s2[..(PacketSize - DigestSize)], expected);
        return expected.SequenceEqual(s2[(PacketSize - DigestSize)..]);
    }
}
