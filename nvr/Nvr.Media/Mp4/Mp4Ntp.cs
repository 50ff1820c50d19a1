namespace Nvr.Media.Mp4;

/// <summary>
/// 64-bit NTP timestamps (RFC 5905 §6: seconds since 1900-01-01 UTC in the upper 32 bits, binary
/// fraction in the lower 32), the format of the 'prft' ntp_timestamp (ISO/IEC 14496-12 §8.16.5).
/// Era 0 only (1900..2036), which covers every date a recording can have until 2036-02-07.
/// </summary>
public static class Mp4Ntp
{
    private static readonly long EpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Converts a UTC time (an Unspecified kind is taken as UTC); times outside era 0 are clamped to its bounds.</summary>
    public static ulong FromDateTime(DateTime utc)
    {
        long ticks = AsUtc(utc).Ticks - EpochTicks;
        if (ticks <= 0) return 0;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        if (seconds > uint.MaxValue) return ulong.MaxValue;
        long rem = ticks % TimeSpan.TicksPerSecond;
        ulong fraction = (ulong)((UInt128)(ulong)rem * (1UL << 32) / TimeSpan.TicksPerSecond);
        return ((ulong)seconds << 32) | fraction;
    }

    /// <summary>The same instant with <see cref="DateTimeKind.Utc"/>: Local is converted, Unspecified is taken as UTC.</summary>
    public static DateTime AsUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    /// <summary>Converts back to UTC (100 ns resolution, rounded to nearest).</summary>
    public static DateTime ToDateTime(ulong ntp)
    {
        ulong seconds = ntp >> 32;
        ulong fraction = ntp & 0xFFFFFFFF;
        long fractionTicks = (long)((fraction * TimeSpan.TicksPerSecond + (1UL << 31)) >> 32);
        return new DateTime(EpochTicks + (long)seconds * TimeSpan.TicksPerSecond + fractionTicks, DateTimeKind.Utc);
    }
}
