namespace Nvr.Media.Rtp;

/// <summary>
/// A 64-bit NTP timestamp as carried in RTCP sender reports (RFC 3550 §4, RFC 5905 §6):
/// 32 bits of seconds since 1900-01-01T00:00:00Z and 32 bits of binary fraction.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      seconds since 1900                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  fraction of a second (2^-32 s)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The seconds field wraps on 2036-02-07T06:28:16Z. Following RFC 4330 §3, a value whose most
/// significant bit is clear is read as era 1 (2036–2104), a value with it set as era 0 (1968–2036).
/// The "middle 32 bits" (<see cref="Middle32"/>) are what RR report blocks echo as LSR (§6.4.1).
/// </remarks>
public readonly record struct NtpTimestamp(ulong Value)
{
    /// <summary>1900-01-01T00:00:00Z, start of NTP era 0.</summary>
    public static readonly DateTime Era0 = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    /// <summary>2036-02-07T06:28:16Z, start of NTP era 1 (2^32 seconds after <see cref="Era0"/>).</summary>
    public static readonly DateTime Era1 = Era0.AddTicks(4294967296L * TimeSpan.TicksPerSecond);

    public uint Seconds => (uint)(Value >> 32);
    public uint Fraction => (uint)Value;
    /// <summary>Low 16 bits of seconds and high 16 bits of fraction (RFC 3550 §6.4.1 "LSR").</summary>
    public uint Middle32 => (uint)(Value >> 16);

    public static NtpTimestamp FromParts(uint seconds, uint fraction) => new(((ulong)seconds << 32) | fraction);

    /// <summary>
    /// Converts a UTC time. <see cref="DateTimeKind.Unspecified"/> is taken as UTC; a local time
    /// is a programming error (this library never reads the local clock or zone).
    /// Times before 1968-01-20 or from 2104 on cannot be represented and throw.
    /// </summary>
    public static NtpTimestamp FromDateTime(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local) throw new ArgumentException("NTP conversion needs a UTC time", nameof(utc));
        long ticks = utc.Ticks - Era0.Ticks;
        if (ticks < 0x80000000L * TimeSpan.TicksPerSecond || ticks >= 0x180000000L * TimeSpan.TicksPerSecond)
            throw new ArgumentOutOfRangeException(nameof(utc), utc, "outside the NTP range this library represents (1968-2104)");
        long seconds = ticks / TimeSpan.TicksPerSecond;
        long rest = ticks % TimeSpan.TicksPerSecond;
        // rest < 10^7, so rest << 32 fits in 64 bits; round to nearest fraction unit.
        ulong fraction = (ulong)(((rest << 32) + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond);
        if (fraction > uint.MaxValue)
        {
            fraction = 0;
            seconds++;
        }
        return FromParts((uint)seconds, (uint)fraction);
    }

    /// <summary>Converts to UTC with 100 ns resolution (rounded to nearest), using the era rule above.</summary>
    public DateTime ToDateTime()
    {
        long baseTicks = (Seconds & 0x80000000u) != 0 ? Era0.Ticks : Era1.Ticks;
        long fracTicks = (long)(((ulong)Fraction * TimeSpan.TicksPerSecond + 0x80000000UL) >> 32);
        return new DateTime(baseTicks + Seconds * TimeSpan.TicksPerSecond + fracTicks, DateTimeKind.Utc);
    }

    public override string ToString() => $"{Seconds}.{Fraction:x8}";
}
