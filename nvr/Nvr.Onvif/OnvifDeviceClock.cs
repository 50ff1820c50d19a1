namespace Nvr.Onvif;

/// <summary>
/// The device's clock as GetSystemDateAndTime reported it (ONVIF Core §8.3.8).
/// <see cref="Skew"/> = device UTC − our UTC, corrected for half the round trip: positive when the
/// device runs ahead.
/// </summary>
public sealed record OnvifDeviceClock(DateTimeOffset DeviceUtc, TimeSpan Skew, bool NtpSynchronized, string? TimeZone);
