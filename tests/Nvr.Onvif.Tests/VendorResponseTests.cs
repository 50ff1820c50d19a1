using Nvr.Onvif.Discovery;
using Nvr.Onvif.Events;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Tests;

/// <summary>
/// Parsers against realistic responses in the styles of Hikvision, Dahua, Axis, Reolink, Uniview
/// and TP-Link firmware (fixtures/vendors/, written from the published shapes of these devices).
/// </summary>
public sealed class VendorResponseTests
{
    internal static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "vendors", name));

    private static XmlElementNode Body(string name) => SoapResponseReader.ReadBody(Fixture(name), XmlLimits.Default);

    [Theory]
    [InlineData("hikvision-getprofiles.xml", "Profile_1", 2560, 1440, "Profile_2", 640, 360, "H264", false)]
    [InlineData("reolink-getprofiles.xml", "000", 2560, 1920, "001", 640, 480, "H264", false)]
    [InlineData("tplink-getprofiles.xml", "profile_1", 2304, 1296, "profile_2", 640, 360, "H264", true)]
    [InlineData("axis-media2-getprofiles.xml", "profile_1_h265", 1920, 1080, "profile_2_jpeg", 640, 360, "H265", true)]
    public void Profiles_pick_main_as_highest_and_sub_as_lowest_resolution(
        string file, string mainToken, int mainWidth, int mainHeight, string subToken, int subWidth, int subHeight, string mainEncoding, bool ptz)
    {
        bool media2 = file.Contains("media2", StringComparison.Ordinal);
        var profiles = MediaResponseParser.ParseProfiles(Body(file), media2);

        var (main, sub) = OnvifCameraProbe.PickMainAndSub(profiles)!.Value;
        Assert.Equal(mainToken, main.Token);
        Assert.Equal((mainWidth, mainHeight), (main.Width, main.Height));
        Assert.Equal(mainEncoding, main.Encoding);
        Assert.Equal(ptz, main.HasPtz);
        Assert.Equal(media2, main.IsMedia2);
        Assert.Equal(subToken, sub!.Token);
        Assert.Equal((subWidth, subHeight), (sub.Width, sub.Height));
    }

    [Fact]
    public void Axis_metadata_only_profile_is_listed_but_never_picked()
    {
        var profiles = MediaResponseParser.ParseProfiles(Body("axis-media2-getprofiles.xml"), media2: true);
        var metadata = Assert.Single(profiles, p => p.Token == "profile_3_metadata");
        Assert.Null(metadata.Encoding);
        Assert.Equal(0, metadata.Width);
        var (main, sub) = OnvifCameraProbe.PickMainAndSub(profiles)!.Value;
        Assert.NotEqual("profile_3_metadata", main.Token);
        Assert.NotEqual("profile_3_metadata", sub!.Token);
    }

    [Fact]
    public void Hikvision_profile_details_are_read()
    {
        var main = MediaResponseParser.ParseProfiles(Body("hikvision-getprofiles.xml"), media2: false)[0];
        Assert.Equal(new OnvifMediaProfile("Profile_1", "mainStream", "H264", 2560, 1440, 25, 4096, "VideoSource_1", false, false), main);
    }

    [Theory]
    [InlineData("dahua-getstreamuri.xml", "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0&unicast=true&proto=Onvif")]
    [InlineData("tplink-getstreamuri.xml", "rtsp://192.168.0.60:554/stream1")]
    public void Stream_uris_are_read_with_entities_decoded(string file, string expected)
    {
        var uri = MediaResponseParser.ParseMediaUri(Body(file), "GetStreamUriResponse");
        Assert.Equal(expected, uri.OriginalString);
    }

    [Fact]
    public void Dahua_style_local_time_only_is_converted_with_the_posix_zone()
    {
        // LocalDateTime 18:30:05 in "CST-8" (UTC+8) is 10:30:05 UTC.
        var (utc, ntp, tz) = DeviceResponseParser.ParseSystemDateAndTime(Body("dahua-getsystemdateandtime-localonly.xml"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 30, 5, TimeSpan.Zero), utc);
        Assert.False(ntp);
        Assert.Equal("CST-8:00:00", tz);
    }

    [Fact]
    public void Reolink_capabilities_keep_their_port()
    {
        var caps = DeviceResponseParser.ParseCapabilities(Body("reolink-getcapabilities.xml"), new Uri("http://192.168.1.100:8000/onvif/device_service"));
        Assert.Equal(new Uri("http://192.168.1.100:8000/onvif/media_service"), caps.MediaAddress);
        Assert.Equal(new Uri("http://192.168.1.100:8000/onvif/event_service"), caps.EventsAddress);
        Assert.Equal(new Uri("http://192.168.1.100:8000/onvif/ptz_service"), caps.PtzAddress);
        Assert.True(caps.PullPointSupport);
        Assert.Null(caps.Media2Address);
    }

    [Fact]
    public void Axis_services_list_media2_and_ignore_vendor_services()
    {
        var services = DeviceResponseParser.ParseServices(Body("axis-getservices.xml"));
        Assert.Equal(6, services.Count);
        var caps = DeviceResponseParser.FromServices(services, new Uri("http://192.168.0.90/onvif/device_service"));
        Assert.Equal(new Uri("http://192.168.0.90/onvif/services"), caps.Media2Address);
        Assert.Equal(new Uri("http://192.168.0.90/onvif/services"), caps.PtzAddress);
        Assert.Equal(21, services[0].MajorVersion);
    }

    [Fact]
    public void Axis_subscription_reference_parameters_are_kept_and_echoed()
    {
        var sub = EventResponseParser.ParseCreatePullPointSubscription(Body("axis-createpullpoint-referenceparameters.xml"));
        Assert.Equal(new Uri("http://192.168.0.90/onvif/services"), sub.Address);
        Assert.Equal(TimeSpan.FromSeconds(60), sub.Lifetime);
        var parameter = Assert.Single(sub.ReferenceParameters);
        Assert.Equal(("SubscriptionId", "http://www.axis.com/2009/event", "12"), (parameter.LocalName, parameter.NamespaceUri, parameter.Text));

        var header = new SoapHeader(null, "urn:a", sub.Address, sub.ReferenceParameters);
        var xml = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(SoapEnvelopeWriter.Write(SoapVersion.Soap12, header, _ => { })));
        System.Xml.Linq.XNamespace soap = "http://www.w3.org/2003/05/soap-envelope", wsa = "http://www.w3.org/2005/08/addressing", axis = "http://www.axis.com/2009/event";
        var h = xml.Root!.Element(soap + "Header")!;
        var echoed = h.Element(axis + "SubscriptionId")!;
        Assert.Equal("12", echoed.Value);
        Assert.Equal("true", (string?)echoed.Attribute(wsa + "IsReferenceParameter"));
        Assert.Equal("http://192.168.0.90/onvif/services", h.Element(wsa + "To")!.Value);
        Assert.Equal("urn:a", h.Element(wsa + "Action")!.Value);
    }

    [Fact]
    public void Hikvision_subscription_without_reference_parameters()
    {
        var sub = EventResponseParser.ParseCreatePullPointSubscription(Body("hikvision-createpullpoint.xml"));
        Assert.Equal("http://192.168.1.64/onvif/Events/PullSubManager_2024-03-05T10:15:00Z_1", sub.Address.OriginalString);
        Assert.Empty(sub.ReferenceParameters);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 16, 0, TimeSpan.Zero), sub.TerminationTime);
    }

    [Theory]
    [InlineData("hikvision-pullmessages-cellmotion.xml", 0, OnvifEventKind.Motion, "RuleEngine/CellMotionDetector/Motion", true, "VideoSourceToken")]
    [InlineData("hikvision-pullmessages-cellmotion.xml", 1, OnvifEventKind.Tamper, "RuleEngine/TamperDetector/Tamper", false, "VideoSourceToken")]
    [InlineData("dahua-pullmessages-motionalarm.xml", 0, OnvifEventKind.Motion, "VideoSource/MotionAlarm", true, "000")]
    [InlineData("dahua-pullmessages-motionalarm.xml", 1, OnvifEventKind.DigitalInput, "Device/Trigger/DigitalInput", false, "DI_1")]
    [InlineData("uniview-pullmessages-motionregion.xml", 0, OnvifEventKind.Motion, "RuleEngine/MotionRegionDetector/Motion", true, "VideoSourceConfigurationToken0")]
    [InlineData("uniview-pullmessages-motionregion.xml", 1, OnvifEventKind.Tamper, "VideoSource/GlobalSceneChange/ImagingService", false, "VideoSourceToken0")]
    public void Notifications_map_to_kinds_and_states(string file, int index, OnvifEventKind kind, string topic, bool state, string source)
    {
        var result = EventResponseParser.ParsePullMessages(Body(file));
        Assert.Equal(2, result.Events.Count);
        var e = result.Events[index];
        Assert.Equal(kind, e.Kind);
        Assert.Equal(topic, e.Topic);
        Assert.Equal(state, e.State);
        Assert.Equal(source, e.SourceToken);
        Assert.NotNull(e.DeviceTime);
        Assert.NotNull(result.TerminationTime);
    }

    [Fact]
    public void Uniview_initialized_operation_is_reported()
    {
        var e = EventResponseParser.ParsePullMessages(Body("uniview-pullmessages-motionregion.xml")).Events[1];
        Assert.Equal(OnvifPropertyOperation.Initialized, e.Operation);
    }

    [Fact]
    public void Soap12_fault_names_the_onvif_subcode_and_reason()
    {
        var e = Assert.Throws<OnvifFaultException>(() => Body("hikvision-fault-notauthorized.xml"));
        Assert.Equal("env:Sender", e.Code);
        Assert.Equal("ter:NotAuthorized", e.Subcode);
        Assert.Equal("The action requested requires authorization and the sender is not authorized", e.Reason);
        Assert.True(e.IsNotAuthorized);
    }

    [Fact]
    public void Soap11_fault_keeps_the_code_as_written()
    {
        var e = Assert.Throws<OnvifFaultException>(() => Body("soap11-fault.xml"));
        Assert.Equal("ter:ActionNotSupported", e.Subcode);
        Assert.Equal("Optional Action Not Implemented", e.Reason);
        Assert.True(e.Matches("ActionNotSupported"));
        Assert.False(e.IsNotAuthorized);
    }

    [Fact]
    public void Hikvision_probe_match_scopes_and_addresses()
    {
        var message = WsDiscoveryMessages.ParseProbeMatches(Fixture("hikvision-probematches.xml"), System.Net.IPAddress.Parse("192.168.1.64"))!;
        Assert.Equal("uuid:0a6dc791-2be6-4991-9af1-454778a1917a", message.RelatesTo);
        var d = Assert.Single(message.Matches);
        Assert.Equal("HIKVISION DS-2CD2143G2-I", d.Name);
        Assert.Equal("DS-2CD2143G2-I", d.Hardware);
        Assert.Equal("city/hangzhou", d.Location);
        Assert.Equal(2, d.XAddrs.Count);
        Assert.Equal(new Uri("http://192.168.1.64/onvif/device_service"), d.DeviceServiceAddress);
        Assert.Equal(10, d.MetadataVersion);
    }

    [Fact]
    public void Axis_probe_match_prefers_the_address_that_answered_over_link_local()
    {
        var d = WsDiscoveryMessages.ParseProbeMatches(Fixture("axis-probematches.xml"), System.Net.IPAddress.Parse("192.168.0.90"))!.Matches[0];
        Assert.Equal(new Uri("http://192.168.0.90/onvif/device_service"), d.DeviceServiceAddress);
        Assert.Equal("AXIS M3065-V", d.Name);
        Assert.Equal("country/sweden", d.Location);
    }

    [Fact]
    public void Dahua_style_probe_match_without_relates_to_is_accepted()
    {
        var message = WsDiscoveryMessages.ParseProbeMatches(Fixture("dahua-probematches-norelatesto.xml"))!;
        Assert.Null(message.RelatesTo);
        var d = Assert.Single(message.Matches);
        Assert.Equal("Dahua", d.Name);
        Assert.Equal("IPC-HDW2431T-AS-S2", d.Hardware);
        Assert.Equal(["dn:NetworkVideoTransmitter"], d.Types);
    }
}
