using Microsoft.Extensions.Time.Testing;
using Nvr.Cameras;
using Nvr.Media;
using Nvr.Serving;
using Nvr.Streaming;

namespace Nvr.Tests.Serving;

/// <summary>
/// Units published over RTMP get a wallclock from media time, like a pulled camera's: the first
/// unit's arrival anchors the publish, later units add their PTS. HLS PROGRAM-DATE-TIME and the
/// recorder read it; without it the HLS muxer anchored at its own start and dated a GOP-cache start
/// up to a GOP into the future.
/// </summary>
public sealed class RtmpPublishSourceTests
{
    [Fact]
    public async Task Published_units_carry_a_wallclock_from_their_media_time()
    {
        var start = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var feed = new Feed("pub", timeProvider: time);
        var source = new RtmpPublishSource("pub", "0123456789abcdef-key", feed, new IngestStatistics(), time);
        var sink = source.TryAttach()!;
        sink.SetDescription(new StreamDescription(0,
        [
            new TrackDescription
            {
                Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000,
                Sps = [0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x02, 0x27, 0xE5, 0x84], Pps = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0],
                Width = 1920, Height = 1080,
            },
            new TrackDescription { Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Pcma, ClockRate = 8000, SampleRate = 8000, Channels = 1 },
        ]));
        using var reader = feed.OpenReader();

        time.Advance(TimeSpan.FromMilliseconds(40));
        sink.Publish(new MediaUnit(0, 3600, 3600, true, new byte[] { 0x65, 0x88 }));          // 40 ms of media, arriving at +40 ms
        time.Advance(TimeSpan.FromSeconds(3));                                                  // a late burst: arrival does not matter
        sink.Publish(new MediaUnit(1, 8000, 8000, true, new byte[160]));                        // audio at 1 s
        sink.Publish(new MediaUnit(0, 3600 + 90000, 3600 + 90000, false, new byte[] { 0x41, 0x9A }));

        var walls = new List<(int Track, DateTime? Wall)>();
        while (walls.Count < 3)
        {
            var r = await reader.ReadAsync();
            if (r.Unit is { } unit) walls.Add((unit.TrackId, unit.WallClock));
        }
        var origin = start.UtcDateTime;
        Assert.Equal((0, (DateTime?)origin.AddMilliseconds(40)), walls[0]);
        Assert.Equal((1, (DateTime?)origin.AddSeconds(1)), walls[1]);
        Assert.Equal((0, (DateTime?)origin.AddMilliseconds(1040)), walls[2]);
        sink.Close();
    }
}
