namespace Nvr.Mqtt;

/// <summary>
/// One camera's published motion state with Frigate's off-delay: ON as soon as any source reports
/// motion; OFF only once every source reported none and <c>offDelay</c> passed without new motion.
/// Pure (times are arguments); the owner arms a timer for <see cref="MotionStep.Hold"/> and calls
/// <see cref="Expire"/> with the generation it was given — a stale timer is recognised and ignored.
/// </summary>
/// <remarks>
/// <code>
///            any source active                 all sources inactive
///   Off ─────────────────────────► On ───────────────────────────────► Holding(deadline, gen)
///    ▲                             ▲ ◄────────── a source active ───────────┘   │
///    └─────────────────────── Expire(gen) at the deadline ─────────────────────┘
/// </code>
/// </remarks>
internal sealed class MotionTracker
{
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The published state: true from ON until OFF.</summary>
    public bool On { get; private set; }

    /// <summary>When the current (or last) motion started.</summary>
    public DateTimeOffset Start { get; private set; }

    /// <summary>When the last source went inactive: the end of the motion, before the off-delay.</summary>
    public DateTimeOffset LastActivityEnd { get; private set; }

    /// <summary>The generation of the armed hold; 0 when none.</summary>
    public long HoldGeneration { get; private set; }

    /// <summary>Applies a raw report from <paramref name="source"/>.</summary>
    public MotionStep Update(string source, bool active, DateTimeOffset now, TimeSpan offDelay)
    {
        bool wasActive = _active.Count > 0;
        if (active) _active.Add(source);
        else _active.Remove(source);
        bool isActive = _active.Count > 0;

        if (isActive)
        {
            HoldGeneration = 0;
            if (On) return MotionStep.None;
            On = true;
            Start = now;
            return MotionStep.On;
        }

        if (!wasActive || !On) return MotionStep.None;
        LastActivityEnd = now;
        if (offDelay <= TimeSpan.Zero)
        {
            On = false;
            return MotionStep.Off;
        }

        HoldGeneration = ++_generation;
        return MotionStep.Hold;
    }

    /// <summary>The hold armed as <paramref name="generation"/> ran out: true when that turns motion OFF.</summary>
    public bool Expire(long generation)
    {
        if (generation == 0 || generation != HoldGeneration || !On || _active.Count > 0) return false;
        HoldGeneration = 0;
        On = false;
        return true;
    }
}
