namespace Nvr.Mqtt;

/// <summary>What a <see cref="MotionTracker.Update"/> asks its owner to do.</summary>
internal enum MotionStep
{
    /// <summary>Nothing changes.</summary>
    None,
    /// <summary>Publish ON; an event starts.</summary>
    On,
    /// <summary>Arm the off-delay timer for <see cref="MotionTracker.HoldGeneration"/>.</summary>
    Hold,
    /// <summary>Publish OFF now (no off-delay); the event ends.</summary>
    Off,
}
