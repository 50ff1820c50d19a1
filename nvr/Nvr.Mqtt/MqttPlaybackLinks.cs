using System.Globalization;

namespace Nvr.Mqtt;

/// <summary>
/// Builds DESIGN.md's playback endpoints from the public base URL of each server (null skips it):
/// <code>
/// hls   {http}/vod/{camera}/index.m3u8?start={t0}[&amp;end={t1}]
/// rtsp  {rtsp}/{camera}?start={t0}
/// rtmp  {rtmp}/playback/{camera}?start={t0}
/// </code>
/// Times are UTC ISO 8601 to the second (start rounded down, end up), widened by <see cref="Padding"/>.
/// </summary>
public sealed class MqttPlaybackLinks : IMqttPlaybackLinks
{
    private readonly string? _http;
    private readonly string? _rtsp;
    private readonly string? _rtmp;

    /// <param name="http">e.g. <c>http://nvr.local:8080</c></param>
    /// <param name="rtsp">e.g. <c>rtsp://nvr.local:8554</c></param>
    /// <param name="rtmp">e.g. <c>rtmp://nvr.local:1935</c></param>
    public MqttPlaybackLinks(Uri? http, Uri? rtsp, Uri? rtmp, TimeSpan padding = default)
    {
        _http = Base(http);
        _rtsp = Base(rtsp);
        _rtmp = Base(rtmp);
        Padding = padding < TimeSpan.Zero ? TimeSpan.Zero : padding;
    }

    /// <summary>Added before the start and after the end (pre-/post-roll).</summary>
    public TimeSpan Padding { get; }

    public IReadOnlyDictionary<string, string>? For(string camera, DateTimeOffset start, DateTimeOffset? end)
    {
        if (!MqttTopics.IsValidId(camera)) return null;
        var from = Format(Floor(start - Padding));
        var to = end is { } e ? Format(Ceiling(e + Padding)) : null;
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_http is not null) links["hls"] = $"{_http}/vod/{camera}/index.m3u8?start={from}" + (to is null ? "" : $"&end={to}");
        if (_rtsp is not null) links["rtsp"] = $"{_rtsp}/{camera}?start={from}";
        if (_rtmp is not null) links["rtmp"] = $"{_rtmp}/playback/{camera}?start={from}";
        return links.Count == 0 ? null : links;
    }

    private static string? Base(Uri? uri) => uri?.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static DateTimeOffset Floor(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset t)
    {
        long rem = t.UtcTicks % TimeSpan.TicksPerSecond;
        return new(rem == 0 ? t.UtcTicks : t.UtcTicks + TimeSpan.TicksPerSecond - rem, TimeSpan.Zero);
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
