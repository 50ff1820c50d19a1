using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

public sealed partial class OnvifSimulator
{
    /// <summary>The simulated media profiles: a 1080p main stream and a 360p sub stream.</summary>
    internal sealed record SimProfile(string Token, string Name, string EncoderToken, string Encoding, int Width, int Height, int Fps, int BitrateKbps, bool Main);

    internal static readonly SimProfile[] Profiles =
    [
        new("Profile_1", "mainStream", "VideoEncoder_1", "H264", 1920, 1080, 25, 4096, true),
        new("Profile_2", "subStream", "VideoEncoder_2", "H264", 640, 360, 15, 512, false),
    ];

    private string GetSystemDateAndTime()
    {
        var now = DeviceNow.UtcDateTime;
        string dt = $"<tt:Time><tt:Hour>{now.Hour}</tt:Hour><tt:Minute>{now.Minute}</tt:Minute><tt:Second>{now.Second}</tt:Second></tt:Time>"
            + $"<tt:Date><tt:Year>{now.Year}</tt:Year><tt:Month>{now.Month}</tt:Month><tt:Day>{now.Day}</tt:Day></tt:Date>";
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
            + "<tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
            + "<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
            + "<tt:UTCDateTime>" + dt + "</tt:UTCDateTime><tt:LocalDateTime>" + dt + "</tt:LocalDateTime>"
            + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    private string GetDeviceInformation() =>
        "<tds:GetDeviceInformationResponse>"
        + $"<tds:Manufacturer>{Esc(_options.Manufacturer)}</tds:Manufacturer><tds:Model>{Esc(_options.Model)}</tds:Model>"
        + $"<tds:FirmwareVersion>{Esc(_options.FirmwareVersion)}</tds:FirmwareVersion><tds:SerialNumber>{Esc(_options.SerialNumber)}</tds:SerialNumber>"
        + $"<tds:HardwareId>{Esc(_options.HardwareId)}</tds:HardwareId></tds:GetDeviceInformationResponse>";

    private string GetCapabilities()
    {
        var sb = new StringBuilder("<tds:GetCapabilitiesResponse><tds:Capabilities>");
        sb.Append(CultureInfo.InvariantCulture, $"<tt:Device><tt:XAddr>{XAddrBase}/onvif/device_service</tt:XAddr></tt:Device>");
        sb.Append(CultureInfo.InvariantCulture, $"<tt:Events><tt:XAddr>{XAddrBase}/onvif/Events</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>");
        sb.Append(CultureInfo.InvariantCulture, $"<tt:Media><tt:XAddr>{XAddrBase}/onvif/Media</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>");
        if (_options.Ptz) sb.Append(CultureInfo.InvariantCulture, $"<tt:PTZ><tt:XAddr>{XAddrBase}/onvif/PTZ</tt:XAddr></tt:PTZ>");
        sb.Append("</tds:Capabilities></tds:GetCapabilitiesResponse>");
        return sb.ToString();
    }

    private string GetServices()
    {
        var sb = new StringBuilder("<tds:GetServicesResponse>");
        void Service(string ns, string path, int major, int minor) =>
            sb.Append(CultureInfo.InvariantCulture, $"<tds:Service><tds:Namespace>{ns}</tds:Namespace><tds:XAddr>{XAddrBase}{path}</tds:XAddr><tds:Version><tt:Major>{major}</tt:Major><tt:Minor>{minor}</tt:Minor></tds:Version></tds:Service>");
        Service("http://www.onvif.org/ver10/device/wsdl", "/onvif/device_service", 2, 60);
        Service("http://www.onvif.org/ver10/media/wsdl", "/onvif/Media", 2, 60);
        if (_options.Media2) Service("http://www.onvif.org/ver20/media/wsdl", "/onvif/Media2", 2, 60);
        Service("http://www.onvif.org/ver10/events/wsdl", "/onvif/Events", 2, 60);
        if (_options.Ptz) Service("http://www.onvif.org/ver20/ptz/wsdl", "/onvif/PTZ", 2, 60);
        sb.Append("</tds:GetServicesResponse>");
        return sb.ToString();
    }

    private string GetScopes()
    {
        var sb = new StringBuilder("<tds:GetScopesResponse>");
        foreach (var s in Scopes()) sb.Append("<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>").Append(Esc(s)).Append("</tt:ScopeItem></tds:Scopes>");
        return sb.Append("</tds:GetScopesResponse>").ToString();
    }

    internal IEnumerable<string> Scopes()
    {
        yield return "onvif://www.onvif.org/type/video_encoder";
        if (_options.Ptz) yield return "onvif://www.onvif.org/type/ptz";
        yield return "onvif://www.onvif.org/Profile/Streaming";
        yield return "onvif://www.onvif.org/Profile/T";
        yield return "onvif://www.onvif.org/name/" + Uri.EscapeDataString(_options.Name);
        yield return "onvif://www.onvif.org/hardware/" + Uri.EscapeDataString(_options.Model);
        yield return "onvif://www.onvif.org/location/" + _options.Location;
    }

    private string Media1Profile(SimProfile p, string element) =>
        $"<{element} token=\"{p.Token}\" fixed=\"true\"><tt:Name>{p.Name}</tt:Name>"
        + $"<tt:VideoSourceConfiguration token=\"VideoSourceConfig_1\"><tt:Name>VideoSourceConfig_1</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\"1920\" height=\"1080\"/></tt:VideoSourceConfiguration>"
        + $"<tt:VideoEncoderConfiguration token=\"{p.EncoderToken}\"><tt:Name>{p.EncoderToken}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>{p.Encoding}</tt:Encoding>"
        + $"<tt:Resolution><tt:Width>{p.Width}</tt:Width><tt:Height>{p.Height}</tt:Height></tt:Resolution><tt:Quality>3</tt:Quality>"
        + $"<tt:RateControl><tt:FrameRateLimit>{p.Fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>{p.BitrateKbps}</tt:BitrateLimit></tt:RateControl>"
        + $"<tt:H264><tt:GovLength>{p.Fps * 2}</tt:GovLength><tt:H264Profile>Main</tt:H264Profile></tt:H264>"
        + "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>"
        + "<tt:SessionTimeout>PT5S</tt:SessionTimeout></tt:VideoEncoderConfiguration>"
        + (_options.Ptz ? "<tt:PTZConfiguration token=\"PTZConfig_1\"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>PTZNode_1</tt:NodeToken></tt:PTZConfiguration>" : "")
        + $"</{element}>";

    private string GetProfiles() =>
        "<trt:GetProfilesResponse>" + string.Concat(Profiles.Select(p => Media1Profile(p, "trt:Profiles"))) + "</trt:GetProfilesResponse>";

    private string GetProfile(XElement op)
    {
        var p = FindProfile(op);
        return "<trt:GetProfileResponse>" + Media1Profile(p, "trt:Profile") + "</trt:GetProfileResponse>";
    }

    private static string GetVideoSources() =>
        "<trt:GetVideoSourcesResponse><trt:VideoSources token=\"VideoSource_1\"><tt:Framerate>25</tt:Framerate>"
        + "<tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>";

    private static SimProfile FindProfile(XElement op)
    {
        var token = op.Elements().FirstOrDefault(e => e.Name.LocalName == "ProfileToken")?.Value;
        return Profiles.FirstOrDefault(p => p.Token == token)
            ?? throw new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", $"no profile '{token}'");
    }

    private string StreamUriFor(SimProfile p)
    {
        var uri = p.Main ? _options.MainStreamUri : _options.SubStreamUri;
        if (_options.EmbedCredentialsInStreamUris)
        {
            uri = new UriBuilder(uri) { UserName = _options.Username, Password = _options.Password }.Uri;
        }

        return uri.AbsoluteUri;
    }

    private string GetStreamUri(XElement op)
    {
        var p = FindProfile(op);
        return "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>" + Esc(StreamUriFor(p)) + "</tt:Uri>"
            + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>";
    }

    private string GetSnapshotUri(XElement op, bool media2)
    {
        var p = FindProfile(op);
        var uri = Esc($"{XAddrBase}/onvif/snapshot.jpg?profile={p.Token}");
        return media2
            ? "<tr2:GetSnapshotUriResponse><tr2:Uri>" + uri + "</tr2:Uri></tr2:GetSnapshotUriResponse>"
            : "<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>" + uri + "</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>";
    }

    private string Media2Operation(string name, XElement op)
    {
        if (!_options.Media2) throw new SimulatorFault(500, "env:Receiver", "ter:ActionNotSupported", "no Media2 here");
        switch (name)
        {
            case "GetProfiles":
                {
                    var sb = new StringBuilder("<tr2:GetProfilesResponse>");
                    foreach (var p in Profiles)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"<tr2:Profiles token=\"{p.Token}\" fixed=\"true\"><tr2:Name>{p.Name}</tr2:Name><tr2:Configurations>");
                        sb.Append("<tr2:VideoSource token=\"VideoSourceConfig_1\"><tt:Name>VideoSourceConfig_1</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\"1920\" height=\"1080\"/></tr2:VideoSource>");
                        sb.Append(CultureInfo.InvariantCulture, $"<tr2:VideoEncoder token=\"{p.EncoderToken}\" GovLength=\"{p.Fps * 2}\" Profile=\"Main\"><tt:Name>{p.EncoderToken}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>{p.Encoding}</tt:Encoding>");
                        sb.Append(CultureInfo.InvariantCulture, $"<tt:Resolution><tt:Width>{p.Width}</tt:Width><tt:Height>{p.Height}</tt:Height></tt:Resolution><tt:RateControl ConstantBitRate=\"false\"><tt:FrameRateLimit>{p.Fps}</tt:FrameRateLimit><tt:BitrateLimit>{p.BitrateKbps}</tt:BitrateLimit></tt:RateControl><tt:Quality>3</tt:Quality></tr2:VideoEncoder>");
                        if (_options.Ptz) sb.Append("<tr2:PTZ token=\"PTZConfig_1\"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>PTZNode_1</tt:NodeToken></tr2:PTZ>");
                        sb.Append("</tr2:Configurations></tr2:Profiles>");
                    }

                    return sb.Append("</tr2:GetProfilesResponse>").ToString();
                }

            case "GetStreamUri":
                return "<tr2:GetStreamUriResponse><tr2:Uri>" + Esc(StreamUriFor(FindProfile(op))) + "</tr2:Uri></tr2:GetStreamUriResponse>";
            case "GetSnapshotUri":
                return GetSnapshotUri(op, media2: true);
            case "GetVideoSourceConfigurations":
                return "<tr2:GetVideoSourceConfigurationsResponse><tr2:Configurations token=\"VideoSourceConfig_1\"><tt:Name>VideoSourceConfig_1</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\"1920\" height=\"1080\"/></tr2:Configurations></tr2:GetVideoSourceConfigurationsResponse>";
            default:
                throw new SimulatorFault(500, "env:Receiver", "ter:ActionNotSupported", $"Media2 {name} is not implemented by the simulator");
        }
    }
}
