using Nvr.Onvif.Events;
using Nvr.OnvifGlue;
using Nvr.Streaming.Events;

namespace Nvr.Tests.Onvif;

public sealed class OnvifEventMapperTests
{
    private static OnvifEvent Event(OnvifEventKind kind, string topic, bool? state, string source = "VideoSourceConfig_1",
        OnvifPropertyOperation op = OnvifPropertyOperation.Changed) =>
        new(kind, topic, state, op, null, [new("VideoSourceConfigurationToken", source)], []);

    private static List<NvrEvent> Drain(EventSubscription s)
    {
        var list = new List<NvrEvent>();
        while (s.Reader.TryRead(out var e)) list.Add(e);
        return list;
    }

    [Fact]
    public async Task Motion_is_on_while_any_source_reports_it()
    {
        var bus = new EventBus();
        using var sub = bus.Subscribe("t");
        var mapper = new OnvifEventMapper("cam", bus, TimeProvider.System);

        await mapper.OnEventAsync(Event(OnvifEventKind.Motion, "VideoSource/MotionAlarm", false, op: OnvifPropertyOperation.Initialized), default);
        Assert.Empty(Drain(sub));
        await mapper.OnEventAsync(Event(OnvifEventKind.Motion, "RuleEngine/CellMotionDetector/Motion", true), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.Motion, "RuleEngine/CellMotionDetector/Motion", true, "VideoSourceConfig_2"), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.Motion, "RuleEngine/CellMotionDetector/Motion", false), default);
        var on = Assert.IsType<MotionChanged>(Assert.Single(Drain(sub)));
        Assert.Equal(("cam", true, "onvif"), (on.Camera, on.Active, on.Source));
        await mapper.OnEventAsync(Event(OnvifEventKind.Motion, "RuleEngine/CellMotionDetector/Motion", false, "VideoSourceConfig_2"), default);
        Assert.False(Assert.IsType<MotionChanged>(Assert.Single(Drain(sub))).Active);
    }

    [Fact]
    public async Task Tamper_and_inputs_are_events_with_one_id_from_new_to_end()
    {
        var bus = new EventBus();
        using var sub = bus.Subscribe("t");
        var mapper = new OnvifEventMapper("cam", bus, TimeProvider.System);

        await mapper.OnEventAsync(Event(OnvifEventKind.Tamper, "RuleEngine/TamperDetector/Tamper", true), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.Tamper, "RuleEngine/TamperDetector/Tamper", true), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.DigitalInput, "Device/Trigger/DigitalInput", true, "Input_1"), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.Tamper, "RuleEngine/TamperDetector/Tamper", false), default);
        await mapper.OnEventAsync(Event(OnvifEventKind.Other, "Monitoring/ProcessorUsage", true), default);
        var events = Drain(sub).Cast<CameraEventReported>().ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal((EventPhase.New, "tamper"), (events[0].Phase, events[0].Kind));
        Assert.Equal((EventPhase.New, "digital_input"), (events[1].Phase, events[1].Kind));
        Assert.Equal((EventPhase.End, "tamper", events[0].Id), (events[2].Phase, events[2].Kind, events[2].Id));
        Assert.NotNull(events[2].End);
    }
}
