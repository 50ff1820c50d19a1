using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Streaming.Tests;

/// <summary>Synthetic streams: 25 fps H.264 (frame index encoded in the PTS) and 16 kHz AAC.</summary>
internal static class TestMedia
{
    public const int VideoTrack = 0;
    public const int AudioTrack = 1;
    public const long VideoTicksPerFrame = 3600; // 90 kHz / 25 fps
    public const long AudioTicksPerFrame = 1024; // one AAC frame

    public static TrackDescription VideoTrackDescription(int width = 1920) => new()
    {
        Id = VideoTrack,
        Kind = TrackKind.Video,
        Codec = MediaCodec.H264,
        ClockRate = 90000,
        Sps = [0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x02, 0x27, 0xE5, 0x84],
        Pps = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0],
        Width = width,
        Height = 1080,
    };

    public static TrackDescription AudioTrackDescription() => new()
    {
        Id = AudioTrack,
        Kind = TrackKind.Audio,
        Codec = MediaCodec.Aac,
        ClockRate = 16000,
        AudioSpecificConfig = [0x14, 0x08],
        SampleRate = 16000,
        Channels = 1,
    };

    public static StreamDescription AudioVideo(int width = 1920) => new(0, [VideoTrackDescription(width), AudioTrackDescription()]);

    public static StreamDescription VideoOnly(int width = 1920) => new(0, [VideoTrackDescription(width)]);

    public static StreamDescription AudioOnly() => new(0, [AudioTrackDescription()]);

    /// <summary>Payload sizes vary so byte counters are checked for real.</summary>
    public static int VideoSize(int index) => 1000 + index * 37 % 500;

    public static MediaUnit Video(int index, int keyframeInterval = 25, int? size = null) =>
        new(VideoTrack, index * VideoTicksPerFrame, index * VideoTicksPerFrame, index % keyframeInterval == 0, new byte[size ?? VideoSize(index)]);

    public static MediaUnit Audio(int index, int size = 100) =>
        new(AudioTrack, index * AudioTicksPerFrame, index * AudioTicksPerFrame, isKeyframe: true, new byte[size]);

    public static int FrameIndex(MediaUnit unit) => (int)(unit.Pts / (unit.TrackId == VideoTrack ? VideoTicksPerFrame : AudioTicksPerFrame));

    public static Feed OnlineFeed(StreamDescription? description = null, FeedOptions? options = null, TimeProvider? time = null)
    {
        var feed = new Feed("front/main", options, time);
        Assert.True(feed.SetDescription(description ?? VideoOnly()));
        return feed;
    }

    /// <summary>Everything readable right now, without waiting.</summary>
    public static List<FeedReadResult> Drain(FeedReader reader)
    {
        var results = new List<FeedReadResult>();
        while (reader.TryRead(out var result))
        {
            results.Add(result);
            if (result.Status == FeedReadStatus.Completed) break;
        }
        return results;
    }

    /// <summary>Frame indexes of the video units in <paramref name="results"/>.</summary>
    public static List<int> VideoIndexes(IEnumerable<FeedReadResult> results)
    {
        var indexes = new List<int>();
        foreach (var r in results)
        {
            if (r.HasUnit && r.Unit.TrackId == VideoTrack) indexes.Add(FrameIndex(r.Unit));
        }
        return indexes;
    }

    public static long SumVideoSizes(int fromInclusive, int toExclusive)
    {
        long sum = 0;
        for (var i = fromInclusive; i < toExclusive; i++) sum += VideoSize(i);
        return sum;
    }

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
}
