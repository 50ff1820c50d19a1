using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MotionTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

    [Fact]
    public void On_at_first_activity_hold_when_it_stops_off_when_the_hold_expires()
    {
        var t = new MotionTracker();
        Assert.Equal(MotionStep.On, t.Update("onvif", true, T0, Delay));
        Assert.True(t.On);
        Assert.Equal(T0, t.Start);
        Assert.Equal(MotionStep.None, t.Update("onvif", true, T0.AddSeconds(1), Delay));
        Assert.Equal(MotionStep.Hold, t.Update("onvif", false, T0.AddSeconds(5), Delay));
        Assert.True(t.On);
        Assert.Equal(T0.AddSeconds(5), t.LastActivityEnd);
        Assert.True(t.Expire(t.HoldGeneration));
        Assert.False(t.On);
    }

    [Fact]
    public void New_activity_during_the_hold_makes_the_armed_expiry_stale()
    {
        var t = new MotionTracker();
        t.Update("onvif", true, T0, Delay);
        Assert.Equal(MotionStep.Hold, t.Update("onvif", false, T0.AddSeconds(2), Delay));
        long first = t.HoldGeneration;
        Assert.Equal(MotionStep.None, t.Update("onvif", true, T0.AddSeconds(3), Delay));
        Assert.False(t.Expire(first));
        Assert.True(t.On);
        Assert.Equal(MotionStep.Hold, t.Update("onvif", false, T0.AddSeconds(4), Delay));
        Assert.NotEqual(first, t.HoldGeneration);
        Assert.False(t.Expire(first));
        Assert.True(t.Expire(t.HoldGeneration));
        Assert.Equal(T0, t.Start);
    }

    [Fact]
    public void Motion_lasts_while_any_source_is_active()
    {
        var t = new MotionTracker();
        Assert.Equal(MotionStep.On, t.Update("onvif", true, T0, Delay));
        Assert.Equal(MotionStep.None, t.Update("api", true, T0.AddSeconds(1), Delay));
        Assert.Equal(MotionStep.None, t.Update("onvif", false, T0.AddSeconds(2), Delay));
        Assert.Equal(MotionStep.Hold, t.Update("api", false, T0.AddSeconds(3), Delay));
    }

    [Fact]
    public void Zero_delay_turns_off_at_once_and_inactive_reports_alone_do_nothing()
    {
        var t = new MotionTracker();
        Assert.Equal(MotionStep.None, t.Update("onvif", false, T0, TimeSpan.Zero));
        Assert.Equal(MotionStep.On, t.Update("onvif", true, T0, TimeSpan.Zero));
        Assert.Equal(MotionStep.Off, t.Update("onvif", false, T0.AddSeconds(1), TimeSpan.Zero));
        Assert.False(t.On);
        Assert.False(t.Expire(0));
    }
}
