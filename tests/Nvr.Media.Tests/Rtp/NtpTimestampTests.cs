using Nvr.Media.Rtp;

namespace Nvr.Media.Tests.Rtp;

public class NtpTimestampTests
{
    [Fact]
    public void Unix_epoch_is_2208988800_seconds_after_1900()
    {
        var ntp = NtpTimestamp.FromDateTime(DateTime.UnixEpoch);
        Assert.Equal(2208988800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
        Assert.Equal(DateTime.UnixEpoch, ntp.ToDateTime());
    }

    [Fact]
    public void Half_second_is_fraction_0x80000000()
    {
        var ntp = NtpTimestamp.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(500));
        Assert.Equal(0x80000000u, ntp.Fraction);
        Assert.Equal(0x7E808000u, ntp.Middle32); // low 16 bits of 0x83AA7E80 s, high 16 of the fraction
    }

    [Theory]
    [InlineData("2026-11-24T01:24:07.6967090Z")]
    [InlineData("2036-02-07T06:28:15.9999999Z")] // last tick of era 0
    [InlineData("2036-02-07T06:28:16Z")]        // era 1 starts, seconds wrap to 0
    [InlineData("2040-01-01T00:00:00.0000001Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public void Round_trips_to_the_tick_across_the_2036_wrap(string iso)
    {
        var utc = DateTime.Parse(iso, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(utc, NtpTimestamp.FromDateTime(utc).ToDateTime());
    }

    [Fact]
    public void Era_1_starts_with_seconds_zero()
    {
        Assert.Equal(0u, NtpTimestamp.FromDateTime(NtpTimestamp.Era1).Seconds);
        Assert.Equal(NtpTimestamp.Era1, NtpTimestamp.FromParts(0, 0).ToDateTime());
    }

    [Fact]
    public void Local_time_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NtpTimestamp.FromDateTime(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local)));
    }
}
