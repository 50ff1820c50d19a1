using Nvr.Onvif.Events;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Tests;

/// <summary>Addresses, topics, time zones and schema values.</summary>
public sealed class ValueParsingTests
{
    [Theory]
    [InlineData("192.0.2.10", "http://192.0.2.10/onvif/device_service")]
    [InlineData("192.0.2.10:8000", "http://192.0.2.10:8000/onvif/device_service")]
    [InlineData("cam.example", "http://cam.example/onvif/device_service")]
    [InlineData("[2001:db8::1]:8080", "http://[2001:db8::1]:8080/onvif/device_service")]
    [InlineData("http://192.0.2.10/onvif/device_service", "http://192.0.2.10/onvif/device_service")]
    [InlineData("https://192.0.2.10:8443", "https://192.0.2.10:8443/onvif/device_service")]
    [InlineData("http://192.0.2.10/custom/path", "http://192.0.2.10/custom/path")]
    public void Device_addresses_people_type(string input, string expected) =>
        Assert.Equal(new Uri(expected), OnvifDevice.ParseAddress(input));

    [Theory]
    [InlineData("")]
    [InlineData("rtsp://192.0.2.10")]
    [InlineData("http://admin:pw@192.0.2.10")]
    [InlineData("http://")]
    public void Unusable_addresses_are_refused(string input) =>
        Assert.ThrowsAny<ArgumentException>(() => OnvifDevice.ParseAddress(input));

    [Theory]
    [InlineData("http://192.168.1.64/onvif/Media", "http://203.0.113.5:8080/onvif/device_service", "http://203.0.113.5:8080/onvif/Media")]
    [InlineData("http://0.0.0.0/onvif/Events", "http://192.0.2.7/onvif/device_service", "http://192.0.2.7/onvif/Events")]
    [InlineData("http://192.0.2.7:8999/onvif/Events", "http://192.0.2.7/onvif/device_service", "http://192.0.2.7:8999/onvif/Events")]
    public void Service_addresses_move_to_the_host_used(string reported, string used, string expected) =>
        Assert.Equal(new Uri(expected), OnvifUris.RewriteServiceAddress(new Uri(reported), new Uri(used)));

    [Fact]
    public void Media_uris_keep_their_port_and_lose_credentials()
    {
        var uri = OnvifUris.StripUserInfo(new Uri("rtsp://admin:pw@192.168.1.64:554/Streaming/Channels/101"));
        Assert.Equal(new Uri("rtsp://192.168.1.64:554/Streaming/Channels/101"), uri);
        Assert.Equal(new Uri("rtsp://203.0.113.5:554/Streaming/Channels/101"), OnvifUris.RewriteMediaHost(uri, new Uri("http://203.0.113.5:8080/onvif/device_service")));
    }

    [Theory]
    [InlineData("tns1:RuleEngine/CellMotionDetector/Motion", "RuleEngine/CellMotionDetector/Motion")]
    [InlineData(" tns1:VideoSource/tnsaxis:MotionAlarm ", "VideoSource/MotionAlarm")]
    [InlineData("RuleEngine/MotionRegionDetector/Motion", "RuleEngine/MotionRegionDetector/Motion")]
    public void Topics_lose_their_prefixes(string topic, string expected) =>
        Assert.Equal(expected, EventResponseParser.NormalizeTopic(topic));

    [Theory]
    [InlineData("CST-8", -8 * 60)]
    [InlineData("CST-8:00:00", -8 * 60)]
    [InlineData("EST5EDT,M3.2.0,M11.1.0", 5 * 60)]
    [InlineData("<+0530>-5:30", -(5 * 60 + 30))]
    [InlineData("UTC0", 0)]
    [InlineData("GMT+01:00", 60)]
    public void Posix_time_zone_offsets(string tz, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DeviceResponseParser.PosixTimeZoneOffset(tz));

    [Theory]
    [InlineData(10, "PT10S")]
    [InlineData(1.5, "PT1.5S")]
    [InlineData(3600, "PT3600S")]
    [InlineData(-1, "PT0S")]
    public void Durations(double seconds, string expected) =>
        Assert.Equal(expected, XsdValues.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("active", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("inactive", false)]
    [InlineData("maybe", null)]
    public void Event_states(string text, bool? expected) => Assert.Equal(expected, XsdValues.ParseBool(text));

    [Fact]
    public void Single_profile_has_no_sub_stream()
    {
        var only = new OnvifMediaProfile("P", "main", "H264", 1920, 1080, 25, 4096, "V", false, false);
        var (main, sub) = OnvifCameraProbe.PickMainAndSub([only])!.Value;
        Assert.Same(only, main);
        Assert.Null(sub);
        Assert.Null(OnvifCameraProbe.PickMainAndSub([]));
    }
}
