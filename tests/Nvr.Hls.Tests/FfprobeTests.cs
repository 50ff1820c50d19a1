using System.Text.Json;
using Nvr.Hls.Tests.Support;
using Nvr.Testing;
using Xunit.Abstractions;

namespace Nvr.Hls.Tests;

/// <summary>ffprobe and ffmpeg (FFmpeg 5.1's HLS demuxer) read the live fMP4/LL-HLS and MPEG-TS playlists over HTTP and decode them cleanly.</summary>
[Collection(RealTimeCollection.Name)]
public sealed class FfprobeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("h264", "fmp4")]
    [InlineData("h264", "ts")]
    [InlineData("h265", "fmp4")]
    [InlineData("h265", "ts")]
    public async Task Ffprobe_and_ffmpeg_read_the_live_playlist(string codec, string format)
    {
        var clip = await TestClip.LoadAsync(codec);
        await using var live = await LiveStream.StartAsync(clip);
        var url = live.Url("index.m3u8" + (format == "ts" ? "?format=ts" : ""));

        var probe = await Ffprobe.ProbeAsync(url, new ProbeOptions { Timeout = TimeSpan.FromSeconds(30), IoTimeout = TimeSpan.FromSeconds(10) });
        output.WriteLine(string.Join("\n", probe.Streams.Select(s => $"{s.CodecType} {s.CodecName} {s.Width}x{s.Height} {s.SampleRate}")));
        var video = probe.Video!;
        Assert.Equal(codec == "h264" ? "h264" : "hevc", video.CodecName);
        Assert.Equal((640, 360), (video.Width, video.Height));
        Assert.Equal("aac", probe.Audio!.CodecName);
        Assert.Equal(48_000, probe.Audio.SampleRate);
        if (codec == "h265" && format == "fmp4")
        {
            // HEVC in fMP4 must be 'hvc1' (parameter sets in the sample entry) for Apple players.
            using var json = JsonDocument.Parse(probe.Json);
            var tag = json.RootElement.GetProperty("streams").EnumerateArray()
                .First(s => s.GetProperty("codec_type").GetString() == "video").GetProperty("codec_tag_string").GetString();
            Assert.Equal("hvc1", tag);
        }

        // Three seconds decode without a single complaint.
        Assert.Equal("", await Ffmpeg.DecodeErrorsAsync(url, TimeSpan.FromSeconds(3), timeout: TimeSpan.FromSeconds(40)));
        Assert.DoesNotContain(live.Server.Log, e => e.Status >= 500);
    }
}
