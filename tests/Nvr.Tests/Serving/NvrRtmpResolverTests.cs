using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Cameras;
using Nvr.Configuration;
using Nvr.Ingest;
using Nvr.Rtmp.Server;
using Nvr.Security;
using Nvr.Serving;
using Nvr.Streaming;

namespace Nvr.Tests.Serving;

public sealed class NvrRtmpResolverTests
{
    private const string Key = "0123456789abcdef-key";

    private static (NvrRtmpResolver Resolver, FeedRegistry Feeds, RtmpPublishSources Sources, NvrOptions Options) Create(bool anonymous = false)
    {
        var options = new NvrOptions
        {
            Users = [new UserOptions { Name = "viewer", Password = "viewer-password" }],
            Cameras = [new CameraOptions { Id = "cam", Url = "rtsp://h/1" }, new CameraOptions { Id = "pub", StreamKey = Key }],
        };
        options.Rtmp.AllowAnonymousPlay = anonymous;
        var feeds = new FeedRegistry();
        feeds.GetOrCreate("cam");
        feeds.GetOrCreate("cam/sub");
        var sources = new RtmpPublishSources(new RtspIngestFactory(options, TimeProvider.System, NullLoggerFactory.Instance), TimeProvider.System);
        var pubFeed = feeds.GetOrCreate("pub");
        Assert.IsType<RtmpPublishSource>(sources.Create(options.Cameras[1], "", pubFeed, new IngestStatistics()));
        Assert.IsType<RtspIngest>(sources.Create(options.Cameras[0], "rtsp://h/1", feeds.GetOrCreate("cam"), new IngestStatistics()));
        var resolver = new NvrRtmpResolver(options, feeds, new UserStore(options), sources, NullLoggerFactory.Instance);
        return (resolver, feeds, sources, options);
    }

    private static RtmpStreamRequest Request(string app, string name, string? tcUrl = null) => RtmpStreamRequest.Create(app, name, tcUrl);

    [Theory]
    [InlineData("live", "cam?user=viewer&pass=viewer-password", "cam")]
    [InlineData("live", "cam/sub?user=viewer&pass=viewer-password", "cam/sub")]
    [InlineData("live/cam", "sub?user=viewer&pass=viewer-password", "cam/sub")]
    [InlineData("live?user=viewer&pass=viewer-password", "cam", "cam")]
    public async Task Players_with_a_configured_user_get_the_camera_feed(string app, string name, string feed)
    {
        var (resolver, feeds, _, _) = Create();
        var resolved = await resolver.ResolvePlayAsync(Request(app, name), CancellationToken.None);
        Assert.Same(feeds.GetOrCreate(feed), resolved);
    }

    [Theory]
    [InlineData("live", "cam")]
    [InlineData("live", "cam?user=viewer&pass=wrong")]
    [InlineData("live", "cam?user=nobody&pass=viewer-password")]
    [InlineData("live", "nosuch?user=viewer&pass=viewer-password")]
    [InlineData("other", "cam?user=viewer&pass=viewer-password")]
    public async Task Everyone_else_gets_stream_not_found(string app, string name)
    {
        var (resolver, _, _, _) = Create();
        Assert.Null(await resolver.ResolvePlayAsync(Request(app, name), CancellationToken.None));
    }

    [Fact]
    public async Task Anonymous_play_can_be_allowed()
    {
        var (resolver, feeds, _, _) = Create(anonymous: true);
        Assert.Same(feeds.GetOrCreate("cam"), await resolver.ResolvePlayAsync(Request("live", "cam"), CancellationToken.None));
    }

    [Fact]
    public async Task Publish_needs_the_key_takes_one_publisher_and_frees_the_slot_on_close()
    {
        var (resolver, feeds, sources, _) = Create();
        Assert.Equal(RtmpPublishRejection.BadKey, (await resolver.ResolvePublishAsync(Request("live", "pub"), default)).Rejection);
        Assert.Equal(RtmpPublishRejection.BadKey, (await resolver.ResolvePublishAsync(Request("live", "pub?key=wrong"), default)).Rejection);
        Assert.Equal(RtmpPublishRejection.UnknownStream, (await resolver.ResolvePublishAsync(Request("live", "cam?key=" + Key), default)).Rejection);
        Assert.Equal(RtmpPublishRejection.UnknownStream, (await resolver.ResolvePublishAsync(Request("live", "nosuch?key=" + Key), default)).Rejection);

        var first = await resolver.ResolvePublishAsync(Request("live", "pub?key=" + Key), default);
        Assert.NotNull(first.Sink);
        Assert.True(sources.TryGet("pub", out var source));
        Assert.True(source.IsPublishing);
        Assert.Equal(RtmpPublishRejection.AlreadyPublishing, (await resolver.ResolvePublishAsync(Request("live", "pub?key=" + Key), default)).Rejection);

        first.Sink!.Close();
        Assert.False(source.IsPublishing);
        Assert.Equal(FeedState.Offline, feeds.GetOrCreate("pub").State);
        // The key may also come on the tcUrl (some encoders put it there).
        var again = await resolver.ResolvePublishAsync(Request("live", "pub", $"rtmp://h/live?key={Key}"), default);
        Assert.NotNull(again.Sink);
    }
}
