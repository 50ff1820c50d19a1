namespace Nvr.Media.Rtp;

/// <summary>
/// Where <see cref="RtpTimeline"/> placed one unit: PTS and DTS in the track clock (DTS strictly
/// increasing, PTS ≥ DTS), and whether the timeline was re-anchored at this unit.
/// </summary>
public readonly record struct RtpTimelineStamp(long Pts, long Dts, bool Discontinuity);
