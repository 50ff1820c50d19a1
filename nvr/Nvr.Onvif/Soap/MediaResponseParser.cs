using System.Globalization;

namespace Nvr.Onvif.Soap;

/// <summary>
/// Media service responses: Media1 (ONVIF Media Service §5: GetProfiles, GetStreamUri,
/// GetSnapshotUri) and Media2 (ONVIF Media2 Service §5: same names, different shapes). Throws only
/// <see cref="OnvifMalformedResponseException"/>.
/// <code>
/// Media1: GetProfilesResponse/Profiles[@token]/{Name, VideoSourceConfiguration/SourceToken,
///         VideoEncoderConfiguration/{Encoding, Resolution/{Width,Height}, RateControl/{FrameRateLimit,BitrateLimit}},
///         PTZConfiguration}
/// Media2: GetProfilesResponse/Profiles[@token]/{Name, Configurations/{VideoSource/SourceToken,
///         VideoEncoder/{Encoding, Resolution, RateControl}, PTZ}}
/// </code>
/// </summary>
internal static class MediaResponseParser
{
    public static IReadOnlyList<OnvifMediaProfile> ParseProfiles(XmlElementNode body, bool media2, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "GetProfilesResponse", endpoint);
        var list = new List<OnvifMediaProfile>();
        foreach (var p in r.ChildrenNamed("Profiles"))
        {
            var token = p.Attribute("token");
            if (string.IsNullOrEmpty(token)) continue;
            var configurations = p.Child("Configurations");
            XmlElementNode? encoder, source, ptz;
            if (configurations is not null)
            {
                encoder = configurations.Child("VideoEncoder");
                source = configurations.Child("VideoSource");
                ptz = configurations.Child("PTZ");
            }
            else
            {
                encoder = p.Child("VideoEncoderConfiguration");
                source = p.Child("VideoSourceConfiguration");
                ptz = p.Child("PTZConfiguration");
            }

            int width = Math.Max(0, XsdValues.ParseInt(encoder?.PathText("Resolution", "Width")) ?? 0);
            int height = Math.Max(0, XsdValues.ParseInt(encoder?.PathText("Resolution", "Height")) ?? 0);
            double fps = double.TryParse(encoder?.PathText("RateControl", "FrameRateLimit"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && double.IsFinite(f) && f >= 0 ? f : 0;
            int bitrate = Math.Max(0, XsdValues.ParseInt(encoder?.PathText("RateControl", "BitrateLimit")) ?? 0);
            var encoding = encoder?.PathText("Encoding");
            list.Add(new OnvifMediaProfile(
                token,
                p.PathText("Name") ?? token,
                string.IsNullOrEmpty(encoding) ? null : encoding,
                width,
                height,
                fps,
                bitrate,
                source?.PathText("SourceToken"),
                ptz is not null,
                media2));
        }

        return list;
    }

    /// <summary>
    /// GetStreamUri / GetSnapshotUri: Media1 <c>…Response/MediaUri/Uri</c>, Media2 <c>…Response/Uri</c>.
    /// </summary>
    public static Uri ParseMediaUri(XmlElementNode body, string responseName, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, responseName, endpoint);
        var text = r.PathText("MediaUri", "Uri") ?? r.PathText("Uri");
        if (string.IsNullOrWhiteSpace(text)) throw DeviceResponseParser.Missing("Uri", endpoint);
        text = text.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.InvalidValue, $"{responseName} has an unusable URI '{Shorten(text)}'", endpoint);
        }

        return uri;
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
