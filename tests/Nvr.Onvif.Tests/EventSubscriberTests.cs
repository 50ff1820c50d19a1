using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Nvr.Onvif.Events;
using Nvr.Onvif.Tests.Simulator;
using Nvr.Testing;

namespace Nvr.Onvif.Tests;

/// <summary>OnvifEventSubscriber against the simulator: motion, renewals, reboots, stop.</summary>
public sealed class EventSubscriberTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(10);

    private static bool IsMotion(OnvifEvent e, bool state) =>
        e.Kind == OnvifEventKind.Motion && e.State == state && e.Operation == OnvifPropertyOperation.Changed;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Motion_start_and_stop_reach_the_callback_within_two_seconds(bool axisStyleReferenceParameters)
    {
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { SubscriptionIdInReferenceParameters = axisStyleReferenceParameters });
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var events = new EventChannel();
        var subscriber = new OnvifEventSubscriber(device, events.Callback, new OnvifEventSubscriberOptions { PullTimeout = TimeSpan.FromSeconds(5) });
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(stop.Token);

        var initial = await events.NextAsync(Setup, e => e.Kind == OnvifEventKind.Motion, "initial motion state");
        Assert.Equal(OnvifPropertyOperation.Initialized, initial.Operation);
        Assert.False(initial.State);
        await WaitFor.ConditionAsync(() => sim.PendingPulls > 0, Setup, "a waiting PullMessages");

        sim.SetMotion(true);
        var started = await events.NextAsync(Within, e => IsMotion(e, true), "motion start");
        Assert.Equal("RuleEngine/CellMotionDetector/Motion", started.Topic);
        Assert.Equal("VideoSourceConfig_1", started.SourceToken);
        Assert.Contains(new KeyValuePair<string, string>("Rule", "MyMotionDetectorRule"), started.Source);
        Assert.NotNull(started.DeviceTime);

        sim.SetMotion(false);
        await events.NextAsync(Within, e => IsMotion(e, false), "motion stop");

        Assert.Equal(OnvifSubscriptionStatus.Subscribed, subscriber.Status);
        await stop.CancelAsync();
        await run.WaitAsync(Setup);
        Assert.Equal(OnvifSubscriptionStatus.Stopped, subscriber.Status);
        Assert.Equal(1, sim.Unsubscribes);
        Assert.Equal(0, sim.ActiveSubscriptions);
        Assert.Equal(1, sim.SubscriptionsCreated);
        Assert.Equal(0, subscriber.Failures);
    }

    [Fact]
    public async Task Tamper_and_digital_input_topics_map_to_their_kinds()
    {
        await using var sim = await OnvifSimulator.StartAsync();
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var events = new EventChannel();
        var subscriber = new OnvifEventSubscriber(device, events.Callback);
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(stop.Token);
        await events.NextAsync(Setup, e => e.Operation == OnvifPropertyOperation.Initialized, "initial state");

        sim.RaiseEvent("tns1:VideoSource/GlobalSceneChange/ImagingService", [("Source", "VideoSource_1")], [("State", "true")]);
        var tamper = await events.NextAsync(Within, e => e.Kind == OnvifEventKind.Tamper, "tamper");
        Assert.True(tamper.State);
        Assert.Equal("VideoSource_1", tamper.SourceToken);

        sim.RaiseEvent("tns1:Device/Trigger/DigitalInput", [("InputToken", "DI_1")], [("LogicalState", "true")]);
        var input = await events.NextAsync(Within, e => e.Kind == OnvifEventKind.DigitalInput, "digital input");
        Assert.True(input.State);
        Assert.Equal("DI_1", input.SourceToken);

        sim.RaiseEvent("tns1:VideoSource/MotionAlarm", [("Source", "VideoSource_1")], [("State", "true")]);
        var alarm = await events.NextAsync(Within, e => e.Topic == "VideoSource/MotionAlarm", "motion alarm");
        Assert.Equal(OnvifEventKind.Motion, alarm.Kind);
        Assert.True(alarm.State);

        await stop.CancelAsync();
        await run.WaitAsync(Setup);
    }

    [Fact]
    public async Task Subscription_is_renewed_across_its_termination_time_under_a_fake_clock()
    {
        // Device grants 10 s; the subscriber renews at half of that. The test owns time: it only
        // advances the shared fake clock to the deadline of a PullMessages that is waiting, then
        // waits (in real time) for the next one, so no request is ever overtaken by the clock.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { TimeProvider = time, MaxTermination = TimeSpan.FromSeconds(10) });
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"), time);
        var events = new EventChannel();
        var options = new OnvifEventSubscriberOptions { TerminationTime = TimeSpan.FromSeconds(60), PullTimeout = TimeSpan.FromSeconds(2) };
        var subscriber = new OnvifEventSubscriber(device, events.Callback, options, time);
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(stop.Token);

        await WaitFor.ConditionAsync(() => sim.PullWaits > 0, Setup, "the first waiting PullMessages");
        var start = time.GetUtcNow();
        while (time.GetUtcNow() - start < TimeSpan.FromSeconds(35))
        {
            int waits = sim.PullWaits;
            var deadline = sim.PendingPullDeadline!.Value;
            Assert.InRange(deadline - time.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            time.Advance(deadline - time.GetUtcNow());
            await WaitFor.ConditionAsync(() => sim.PullWaits > waits || run.IsCompleted, Setup, "the next waiting PullMessages");
            Assert.False(run.IsCompleted);
        }

        // 35 s of device time with a 10 s lifetime: alive only through renewals.
        Assert.Equal(1, sim.SubscriptionsCreated);
        Assert.Equal(1, sim.ActiveSubscriptions);
        Assert.InRange(sim.Renewals, 6, 9);
        Assert.Equal(sim.Renewals, subscriber.Renewals);
        Assert.Equal(0, subscriber.Failures);

        sim.SetMotion(true);
        await events.NextAsync(Within, e => IsMotion(e, true), "motion start after renewals");

        await stop.CancelAsync();
        await run.WaitAsync(Setup);
        Assert.Equal(1, sim.Unsubscribes);
    }

    [Fact]
    public async Task Without_renewal_the_simulator_really_expires_the_subscription()
    {
        // Control for the renewal test: the simulator's expiry is real, so a subscription that
        // is not renewed is gone after its termination time.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sim = await OnvifSimulator.StartAsync(new OnvifSimulatorOptions { TimeProvider = time, MaxTermination = TimeSpan.FromSeconds(10) });
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"), time);
        var subscription = await device.CreatePullPointSubscriptionAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(10), subscription.Lifetime);
        time.Advance(TimeSpan.FromSeconds(11));
        await device.GetSystemDateAndTimeAsync();

        var e = await Assert.ThrowsAsync<OnvifFaultException>(() => device.PullMessagesAsync(subscription, TimeSpan.FromSeconds(1)));
        Assert.Equal("ter:InvalidArgVal", e.Subcode);
        Assert.Contains("unknown", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_device_restart_the_subscriber_resubscribes_and_events_flow_again()
    {
        await using var sim = await OnvifSimulator.StartAsync();
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var events = new EventChannel();
        var options = new OnvifEventSubscriberOptions { PullTimeout = TimeSpan.FromSeconds(5), RetryInitialDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(500) };
        var subscriber = new OnvifEventSubscriber(device, events.Callback, options);
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(stop.Token);
        await WaitFor.ConditionAsync(() => sim.PendingPulls > 0, Setup, "a waiting PullMessages");
        sim.SetMotion(true);
        await events.NextAsync(Within, e => IsMotion(e, true), "motion before restart");

        await sim.RestartAsync();
        Assert.Equal(2, sim.BootCount);
        await WaitFor.ConditionAsync(() => subscriber.Subscriptions == 2 && sim.PendingPulls > 0, Setup, "a new subscription after the restart");
        Assert.True(subscriber.Failures >= 1);
        Assert.IsType<OnvifTransportException>(subscriber.LastError);

        sim.SetMotion(false);
        await events.NextAsync(Within, e => IsMotion(e, false), "motion stop after restart");

        await stop.CancelAsync();
        await run.WaitAsync(Setup);
    }

    [Fact]
    public async Task A_forgotten_subscription_without_disconnect_is_replaced()
    {
        // Reboot seen only as "unknown subscription" (the device came back between two pulls).
        await using var sim = await OnvifSimulator.StartAsync();
        using var http = new HttpClient();
        var device = new OnvifDevice(http, sim.DeviceServiceUri, new OnvifCredentials("admin", "Sim-Pass-1"));
        var events = new EventChannel();
        var options = new OnvifEventSubscriberOptions { PullTimeout = TimeSpan.FromSeconds(1), RetryInitialDelay = TimeSpan.FromMilliseconds(50) };
        var subscriber = new OnvifEventSubscriber(device, events.Callback, options);
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(stop.Token);
        await WaitFor.ConditionAsync(() => sim.ActiveSubscriptions == 1, Setup, "a subscription");

        sim.ForgetSubscriptionsForTest();
        await WaitFor.ConditionAsync(() => subscriber.Subscriptions == 2 && sim.ActiveSubscriptions == 1, Setup, "a replacement subscription");
        var fault = Assert.IsType<OnvifFaultException>(subscriber.LastError);
        Assert.Equal("ter:InvalidArgVal", fault.Subcode);

        await WaitFor.ConditionAsync(() => sim.PendingPulls > 0, Setup, "a waiting PullMessages");
        sim.SetMotion(true);
        await events.NextAsync(Within, e => IsMotion(e, true), "motion on the replacement subscription");
        await stop.CancelAsync();
        await run.WaitAsync(Setup);
    }
}
