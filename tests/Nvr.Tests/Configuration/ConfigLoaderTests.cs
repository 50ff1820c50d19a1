using System.Collections;
using Nvr.Configuration;

namespace Nvr.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nvr-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "nvr.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static readonly IDictionary NoEnv = new Hashtable();

    [Fact]
    public void Defaults_match_the_contract()
    {
        var o = ConfigLoader.Load(Write("{}"), NoEnv);
        Assert.Equal("/var/lib/nvr", o.DataDir);
        Assert.Equal(8080, o.Http.Port);
        Assert.Equal(8554, o.Rtsp.Port);
        Assert.Equal(1935, o.Rtmp.Port);
        Assert.Equal("/var/lib/nvr/recordings", o.ResolvedRecordingsDir);
        Assert.Empty(o.Cameras);
    }

    [Fact]
    public void Reads_comments_trailing_commas_and_cameras()
    {
        var o = ConfigLoader.Load(Write("""
            {
              // where everything lives
              "DataDir": "/data",
              "Http": { "Port": 9090, },
              /* two cameras */
              "Cameras": [
                { "Id": "front", "Url": "rtsp://10.0.0.5/stream1", "SubUrl": "rtsp://10.0.0.5/stream2",
                  "Username": "admin", "Password": "pw", "Transport": "tcp", "Record": false },
                { "Id": "back_2", "Url": "rtsps://cam.local:322/live" },
              ],
            }
            """), NoEnv);
        Assert.Equal("/data", o.DataDir);
        Assert.Equal(9090, o.Http.Port);
        Assert.Equal(2, o.Cameras.Count);
        var front = o.Cameras[0];
        Assert.Equal(("front", "rtsp://10.0.0.5/stream1", "rtsp://10.0.0.5/stream2", "admin", "pw", "tcp", false),
            (front.Id, front.Url, front.SubUrl, front.Username, front.Password, front.Transport, front.Record));
        Assert.Equal("auto", o.Cameras[1].Transport);
        Assert.True(o.Cameras[1].Record);
    }

    [Fact]
    public void Environment_overrides_use_double_underscores()
    {
        var env = new Hashtable
        {
            ["NVR__Http__Port"] = "9191",
            ["NVR__Cameras__0__Url"] = "rtsp://override/x",
            ["NVR__DataDir"] = "/elsewhere",
            ["OTHER__Http__Port"] = "1",
        };
        var o = ConfigLoader.Load(Write("""{ "Cameras": [ { "Id": "a", "Url": "rtsp://orig/x" } ] }"""), env);
        Assert.Equal(9191, o.Http.Port);
        Assert.Equal("rtsp://override/x", o.Cameras[0].Url);
        Assert.Equal("/elsewhere", o.DataDir);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { """{ "Http": { "Port": 70000 } }""", "Http:Port", "out of range" },
        { """{ "Rtsp": { "Port": 0 } }""", "Rtsp:Port", "out of range" },
        { """{ "Rtmp": { "Port": 8080 } }""", "Rtmp:Port", "already used by Http:Port" },
        { """{ "Http": { "Port": "eighty" } }""", "Http:Port", "whole number" },
        { """{ "Http": { "Address": "localhost:1" } }""", "Http:Address", "not an IP address" },
        { """{ "Cameras": [ { "Id": "a", "Url": "rtsp://h/1" }, { "Id": "a", "Url": "rtsp://h/2" } ] }""", "Cameras:1:Id", "duplicate camera id 'a'" },
        { """{ "Cameras": [ { "Id": "A", "Url": "rtsp://h/1" }, { "Id": "a", "Url": "rtsp://h/2" } ] }""", "Cameras:1:Id", "duplicate" },
        { """{ "Cameras": [ { "Url": "rtsp://h/1" } ] }""", "Cameras:0:Id", "is required" },
        { """{ "Cameras": [ { "Id": "../etc", "Url": "rtsp://h/1" } ] }""", "Cameras:0:Id", "must be 1-64 characters" },
        { """{ "Cameras": [ { "Id": "a", "Url": "http://h/1" } ] }""", "Cameras:0:Url", "rtsp://" },
        { """{ "Cameras": [ { "Id": "a", "Url": "not a url" } ] }""", "Cameras:0:Url", "rtsp://" },
        { """{ "Cameras": [ { "Id": "a" } ] }""", "Cameras:0:Url", "is required" },
        { """{ "Cameras": [ { "Id": "a", "Url": "rtsp://h/1", "SubUrl": "rtmp://h/2" } ] }""", "Cameras:0:SubUrl", "rtsp://" },
        { """{ "Cameras": [ { "Id": "a", "Url": "rtsp://h/1", "Transport": "quic" } ] }""", "Cameras:0:Transport", "auto, tcp, udp, multicast" },
        { """{ "Cameras": [ { "Id": "a", "Url": "rtsp://h/1", "Record": "maybe" } ] }""", "Cameras:0:Record", "true or false" },
        { """{ "DataDir": "" }""", "DataDir", "must not be empty" },
        { """{ "Hls": { "SegmentSeconds": 0.1 } }""", "Hls:SegmentSeconds", "between 0.5 and 30" },
        { """{ "Hls": { "LowLatencySegmentSeconds": 60 } }""", "Hls:LowLatencySegmentSeconds", "between 0.5 and 30" },
        { """{ "Hls": { "PartMilliseconds": 1500 } }""", "Hls:PartMilliseconds", "between 50 and Hls:LowLatencySegmentSeconds" },
        { """{ "Hls": { "PartMilliseconds": 10 } }""", "Hls:PartMilliseconds", "between 50" },
        { """{ "Hls": { "WindowSegments": 2 } }""", "Hls:WindowSegments", "between 3 and 100" },
        { """{ "Hls": { "IdleTimeoutSeconds": 0 } }""", "Hls:IdleTimeoutSeconds", "greater than 0" },
        { """{ "Hls": { "StartTimeoutSeconds": -1 } }""", "Hls:StartTimeoutSeconds", "greater than 0" },
        { """{ "Hls": { "MaxMegabytesPerOutput": 0 } }""", "Hls:MaxMegabytesPerOutput", "between 1 and 4096" },
        { """{ "Hls": { "LowLatency": "sometimes" } }""", "Hls:LowLatency", "true or false" },
        { """{ "Cameras": [ { "Id": "a", "StreamKey": "short" } ] }""", "Cameras:0:StreamKey", "at least 16 characters" },
        { """{ "Cameras": [ { "Id": "a", "StreamKey": "0123456789abcdef&x" } ] }""", "Cameras:0:StreamKey", "printable ASCII" },
        { """{ "Cameras": [ { "Id": "a", "StreamKey": "0123456789abcdef", "Url": "rtsp://h/1" } ] }""", "Cameras:0:Url", "must be empty" },
        { """{ "Rtmp": { "MaxConnections": 0 } }""", "Rtmp:MaxConnections", "must be 1-100000" },
    };

    [Fact]
    public void Hls_defaults_are_the_issue_targets_and_map_to_the_muxer_options()
    {
        var o = ConfigLoader.Load(Write("{}"), NoEnv).Hls.ToOptions();
        Assert.True(o.LowLatency);
        Assert.Equal(TimeSpan.FromSeconds(2), o.SegmentDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), o.LowLatencySegmentDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), o.PartDuration);
        Assert.Equal(7, o.SegmentCount);
        Assert.Equal(TimeSpan.FromSeconds(30), o.IdleTimeout);
        Assert.Equal(64L * 1024 * 1024, o.MaxBytes);

        var custom = ConfigLoader.Load(Write("""{ "Hls": { "LowLatency": false, "SegmentSeconds": 4, "PartMilliseconds": 500, "WindowSegments": 5, "IdleTimeoutSeconds": 5 } }"""), NoEnv).Hls.ToOptions();
        Assert.False(custom.LowLatency);
        Assert.Equal(TimeSpan.FromSeconds(4), custom.SegmentDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), custom.PartDuration);
        Assert.Equal(5, custom.SegmentCount);
        Assert.Equal(TimeSpan.FromSeconds(5), custom.IdleTimeout);
    }

    [Theory]
    [InlineData("cam", "index.m3u8", "cam", "index.m3u8")]
    [InlineData("cam", "sub/fmp4.m3u8", "cam/sub", "fmp4.m3u8")]
    [InlineData("cam", "0a1b2c3d-5.2.m4s", "cam", "0a1b2c3d-5.2.m4s")]
    [InlineData("cam", "subway.m3u8", "cam", "subway.m3u8")]
    [InlineData("cam", "", "cam", "")]
    public void Hls_urls_map_to_the_camera_feed_paths(string camera, string path, string feed, string resource)
    {
        Assert.Equal((feed, resource), Nvr.HlsGlue.HlsEndpoints.FeedAndResource(camera, path));
    }

    [Fact]
    public void Hls_playlist_paths_are_relative_to_the_http_root()
    {
        Assert.Equal("/live/cam/index.m3u8", Nvr.HlsGlue.HlsEndpoints.PlaylistPath("cam", "main", Nvr.Hls.HlsFormat.Fmp4));
        Assert.Equal("/live/cam/sub/index.m3u8?format=ts", Nvr.HlsGlue.HlsEndpoints.PlaylistPath("cam", "sub", Nvr.Hls.HlsFormat.MpegTs));
    }

    [Fact]
    public void A_publish_camera_needs_only_a_stream_key_and_rtmp_play_is_authenticated_by_default()
    {
        var o = ConfigLoader.Load(Write("""{ "Cameras": [ { "Id": "obs", "StreamKey": "0123456789abcdef" } ], "Rtmp": { "Port": 1936 } }"""), NoEnv);
        Assert.Equal("0123456789abcdef", o.Cameras[0].StreamKey);
        Assert.Equal("", o.Cameras[0].Url);
        Assert.Equal(1936, o.Rtmp.Port);
        Assert.False(o.Rtmp.AllowAnonymousPlay);
        Assert.Equal(500, o.Rtmp.MaxConnections);
    }

    [Fact]
    public void A_bad_stream_key_is_not_echoed()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write("""{ "Cameras": [ { "Id": "a", "StreamKey": "secret?value-long-enough" } ] }"""), NoEnv));
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_values_name_the_key(string json, string key, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write(json), NoEnv));
        Assert.Equal(key, e.Key);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var path = Path.Combine(_dir, "absent.json");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, NoEnv));
        Assert.Equal(path, e.Key);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_names_the_file_in_one_line()
    {
        var path = Write("{ \"Http\": { \"Port\": 80 \n\n");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, NoEnv));
        Assert.Equal(path, e.Key);
        Assert.Contains("malformed JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_bad_url_is_not_echoed_because_it_may_hold_a_password()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(
            Write("""{ "Cameras": [ { "Id": "a", "Url": "http://admin:s3cret@h/1" } ] }"""), NoEnv));
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }
}
