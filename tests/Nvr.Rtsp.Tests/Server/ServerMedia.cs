using System.Buffers.Binary;
using Nvr.Media;
using Nvr.Streaming;

namespace Nvr.Rtsp.Tests.Server;

/// <summary>Synthetic camera media for server tests: 25 fps H.264 (or H.265) with real NAL headers, 16 kHz AAC, 8 kHz PCMA.</summary>
internal static class ServerMedia
{
    public const int VideoTrack = 0;
    public const int AudioTrack = 1;
    public const long VideoTicksPerFrame = 3600; // 90 kHz / 25 fps
    public const long AacTicksPerFrame = 1024;
    public static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly byte[] H264Sps = [0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9, 0x40, 0x50, 0x05, 0xBB, 0x01, 0x10];
    public static readonly byte[] H264Pps = [0x68, 0xEB, 0xE3, 0xCB, 0x22, 0xC0];
    public static readonly byte[] H265Vps = [0x40, 0x01, 0x0C, 0x01, 0xFF, 0xFF, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x5D, 0x95, 0x98, 0x09];
    public static readonly byte[] H265Sps = [0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x5D, 0xA0, 0x02, 0x80, 0x80, 0x2D, 0x16];
    public static readonly byte[] H265Pps = [0x44, 0x01, 0xC1, 0x72, 0xB4, 0x62, 0x40];

    public static TrackDescription H264() => new()
    {
        Id = VideoTrack, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000,
        Sps = H264Sps, Pps = H264Pps, Width = 1280, Height = 720, Profile = 100, Level = 31,
    };

    public static TrackDescription H265() => new()
    {
        Id = VideoTrack, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
        Vps = H265Vps, Sps = H265Sps, Pps = H265Pps, Width = 640, Height = 480,
    };

    public static TrackDescription Aac() => new()
    {
        Id = AudioTrack, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 16000,
        AudioSpecificConfig = [0x14, 0x08], SampleRate = 16000, Channels = 1,
    };

    public static TrackDescription Pcma() => new()
    {
        Id = AudioTrack, Kind = TrackKind.Audio, Codec = MediaCodec.Pcma, ClockRate = 8000, SampleRate = 8000, Channels = 1,
    };

    public static StreamDescription H264Aac() => new(0, [H264(), Aac()]);

    /// <summary>
    /// Video frame <paramref name="index"/>: a keyframe every <paramref name="gop"/> frames; an SEI
    /// plus one slice whose size makes some frames need FU-A. Bytes encode the index for checks.
    /// </summary>
    public static MediaUnit Video(int index, int gop = 25, bool h265 = false, int? sliceSize = null, long ptsOffset = 0, DateTime? epoch = null)
    {
        bool key = index % gop == 0;
        int size = sliceSize ?? (key ? 4000 : 300 + index % 7 * 100);
        var sei = h265 ? new byte[] { 0x4E, 0x01, 0x05, 0x01, 0x80 } : [0x06, 0x05, 0x01, 0x80];
        var slice = new byte[size];
        if (h265)
        {
            slice[0] = (byte)((key ? 19 : 1) << 1); // IDR_W_RADL or TRAIL_R
            slice[1] = 0x01;
            slice[2] = 0x80; // first_slice_segment_in_pic_flag
        }
        else
        {
            slice[0] = (byte)(key ? 0x65 : 0x41);
            slice[1] = 0x80; // first_mb_in_slice = 0
        }
        for (int i = 3; i < size; i++) slice[i] = (byte)(index + i);
        var payload = new byte[8 + sei.Length + size];
        BinaryPrimitives.WriteInt32BigEndian(payload, sei.Length);
        sei.CopyTo(payload, 4);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4 + sei.Length), size);
        slice.CopyTo(payload, 8 + sei.Length);
        long pts = ptsOffset + index * VideoTicksPerFrame;
        return new MediaUnit(VideoTrack, pts, pts, key, payload, (epoch ?? Epoch).AddTicks(pts * TimeSpan.TicksPerSecond / 90000));
    }

    public static MediaUnit Audio(int index, int size = 120, long ptsOffset = 0, DateTime? epoch = null)
    {
        var payload = new byte[size];
        for (int i = 0; i < size; i++) payload[i] = (byte)(index * 3 + i);
        long pts = ptsOffset + index * AacTicksPerFrame;
        return new MediaUnit(AudioTrack, pts, pts, true, payload, (epoch ?? Epoch).AddTicks(pts * TimeSpan.TicksPerSecond / 16000));
    }

    public static Feed OnlineFeed(string path, StreamDescription description, TimeProvider? time = null)
    {
        var feed = new Feed(path, timeProvider: time);
        Assert.True(feed.SetDescription(description));
        return feed;
    }

    /// <summary>Publishes video frames [from, to) with AAC frames interleaved in time order.</summary>
    public static void Publish(Feed feed, int from, int to, bool audio = true, int gop = 25)
    {
        int a = (int)(from * VideoTicksPerFrame * 16000 / 90000 / AacTicksPerFrame);
        for (int v = from; v < to; v++)
        {
            Assert.True(feed.Publish(Video(v, gop)));
            if (!audio) continue;
            long videoSeconds16k = (v + 1) * VideoTicksPerFrame * 16000 / 90000;
            while ((a + 1) * AacTicksPerFrame <= videoSeconds16k)
            {
                Assert.True(feed.Publish(Audio(a)));
                a++;
            }
        }
    }
}
