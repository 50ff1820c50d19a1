using Nvr.Hosting;

namespace Nvr.Tests.Hosting;

public sealed class SystemdNotifyServiceTests
{
    [Theory]
    [InlineData("20000000", 10_000)]
    [InlineData("3000000", 1_500)]
    [InlineData("1", 0.0005)]
    public void Watchdog_pings_at_half_the_interval(string usec, double expectedMs) =>
        Assert.Equal(expectedMs, SystemdNotifyService.WatchdogInterval(usec)!.Value.TotalMilliseconds, 6);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    public void No_watchdog_without_a_positive_interval(string? usec) =>
        Assert.Null(SystemdNotifyService.WatchdogInterval(usec));
}
