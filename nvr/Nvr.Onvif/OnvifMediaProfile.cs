namespace Nvr.Onvif;

/// <summary>
/// A media profile (Media1 GetProfiles, ONVIF Media §5.2.1; or Media2 GetProfiles, Media2 §5.2.2)
/// reduced to what picking main and sub streams needs.
/// </summary>
/// <param name="Token">Profile token for GetStreamUri/PTZ calls.</param>
/// <param name="Name">The device's name for it.</param>
/// <param name="Encoding">Video encoding as reported (H264, H265, JPEG, MPEG4), or null without a video encoder.</param>
/// <param name="Width">Encoder width in pixels (0 when unknown).</param>
/// <param name="Height">Encoder height in pixels (0 when unknown).</param>
/// <param name="FrameRateLimit">Frame rate limit (0 when unknown).</param>
/// <param name="BitrateLimitKbps">Bitrate limit in kbit/s (0 when unknown).</param>
/// <param name="VideoSourceToken">Source token of the video source configuration, or null.</param>
/// <param name="HasPtz">The profile has a PTZ configuration.</param>
/// <param name="IsMedia2">From the Media2 service.</param>
public sealed record OnvifMediaProfile(
    string Token,
    string Name,
    string? Encoding,
    int Width,
    int Height,
    double FrameRateLimit,
    int BitrateLimitKbps,
    string? VideoSourceToken,
    bool HasPtz,
    bool IsMedia2)
{
    public long Pixels => (long)Width * Height;
}
