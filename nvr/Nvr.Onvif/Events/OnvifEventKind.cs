namespace Nvr.Onvif.Events;

/// <summary>What an ONVIF notification means for the recorder, from its topic.</summary>
public enum OnvifEventKind
{
    /// <summary>Motion: <c>RuleEngine/CellMotionDetector/Motion</c> (IsMotion), <c>VideoSource/MotionAlarm</c> (State), <c>RuleEngine/MotionRegionDetector/Motion</c> (State).</summary>
    Motion,
    /// <summary>Tampering: <c>VideoSource/GlobalSceneChange/*</c> (State), <c>RuleEngine/TamperDetector/Tamper</c> (IsTamper).</summary>
    Tamper,
    /// <summary>A digital (alarm) input: <c>Device/Trigger/DigitalInput</c> (LogicalState).</summary>
    DigitalInput,
    /// <summary>A relay output changed: <c>Device/Trigger/Relay</c> (LogicalState).</summary>
    RelayOutput,
    /// <summary>Any other topic; <see cref="OnvifEvent.Topic"/> says which.</summary>
    Other,
}
