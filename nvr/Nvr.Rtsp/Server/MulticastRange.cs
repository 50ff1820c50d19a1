using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Rtsp.Server;

/// <summary>An IPv4 multicast block in CIDR notation (<c>239.255.42.0/24</c>), inside 224.0.0.0/4 (RFC 5771).</summary>
internal readonly record struct MulticastRange(uint First, uint Count)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out MulticastRange? range)
    {
        range = null;
        if (text is null) return false;
        int slash = text.IndexOf('/');
        if (slash < 0) return false;
        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || address.AddressFamily != AddressFamily.InterNetwork) return false;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix is < 4 or > 32) return false;
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        uint first = value & mask;
        if ((first & 0xF0000000) != 0xE0000000) return false;
        range = new MulticastRange(first, (uint)(1UL << (32 - prefix) > uint.MaxValue ? uint.MaxValue : 1UL << (32 - prefix)));
        return true;
    }

    public IPAddress At(uint index)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, First + index);
        return new IPAddress(bytes);
    }
}
