using Nvr.Rtmp.Server;

namespace Nvr.Rtmp.Tests;

public class RtmpStreamRequestTests
{
    [Theory]
    // FFmpeg / OBS: app = first segment, the stream name carries the query.
    [InlineData("live", "front?key=abc", "rtmp://h:1935/live", "live", "front", "abc")]
    // Key on the tcUrl / app (Wowza-style "live?key=…").
    [InlineData("live?key=abc", "front", "rtmp://h:1935/live?key=abc", "live", "front", "abc")]
    [InlineData("live/", "front", "rtmp://h/live?key=a%2Bb", "live", "front", "a+b")]
    // The stream name's key wins over the tcUrl's.
    [InlineData("live", "front?key=new", "rtmp://h/live?key=old", "live", "front", "new")]
    [InlineData("live", "front", null, "live", "front", null)]
    public void Key_comes_from_stream_name_or_tcurl(string app, string name, string? tcUrl, string expectedApp, string expectedName, string? expectedKey)
    {
        var request = RtmpStreamRequest.Create(app, name, tcUrl);

        Assert.Equal(expectedApp, request.App);
        Assert.Equal(expectedName, request.Name);
        Assert.Equal(expectedKey, request.Key);
        Assert.DoesNotContain("key", request.ToString(), StringComparison.Ordinal); // never logged
    }
}
