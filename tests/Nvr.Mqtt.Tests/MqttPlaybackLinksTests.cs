using Nvr.Mqtt;

namespace Nvr.Mqtt.Tests;

public sealed class MqttPlaybackLinksTests
{
    private static readonly DateTimeOffset Start = new(2024, 6, 10, 10, 15, 0, 400, TimeSpan.Zero);

    [Fact]
    public void Builds_the_design_endpoints_rounded_outwards_to_whole_seconds()
    {
        var links = new MqttPlaybackLinks(new Uri("http://nvr.local:8080/"), new Uri("rtsp://nvr.local:8554"), new Uri("rtmp://nvr.local:1935"));
        var result = links.For("front", Start, Start.AddSeconds(10));
        Assert.NotNull(result);
        Assert.Equal("http://nvr.local:8080/vod/front/index.m3u8?start=2024-06-10T10:15:00Z&end=2024-06-10T10:15:11Z", result["hls"]);
        Assert.Equal("rtsp://nvr.local:8554/front?start=2024-06-10T10:15:00Z", result["rtsp"]);
        Assert.Equal("rtmp://nvr.local:1935/playback/front?start=2024-06-10T10:15:00Z", result["rtmp"]);
    }

    [Fact]
    public void Padding_widens_and_an_open_event_has_no_end()
    {
        var links = new MqttPlaybackLinks(new Uri("http://nvr:8080"), null, null, TimeSpan.FromSeconds(5));
        var result = links.For("front", Start, null);
        Assert.NotNull(result);
        Assert.Equal(["hls"], result.Keys);
        Assert.Equal("http://nvr:8080/vod/front/index.m3u8?start=2024-06-10T10:14:55Z", result["hls"]);
    }

    [Fact]
    public void Nothing_to_link_gives_null()
    {
        Assert.Null(new MqttPlaybackLinks(null, null, null).For("front", Start, null));
        Assert.Null(new MqttPlaybackLinks(new Uri("http://nvr"), null, null).For("a/b", Start, null));
    }
}
