using Nvr.Media;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// A camera's units as ingest publishes them: H.264 25 fps with a 1 s GOP (real SPS/PPS, small
/// synthetic slices), optionally AAC 48 kHz (1024-sample frames), interleaved by decode time;
/// WallClock = the run's anchor + PTS (IngestRun). Payloads are not decodable pictures: use
/// <see cref="ClipSource"/> where a decoder looks at them.
/// </summary>
internal sealed class SyntheticCamera(DateTime anchor, bool audio = true, int fps = 25, int gop = 25)
{
    public static readonly byte[] Sps = Convert.FromHexString("6742c01fda014016e84000000300400000f1e3065c");
    public static readonly byte[] Pps = Convert.FromHexString("68ce3c80");

    public int Fps => fps;
    public long FrameTicks => 90000 / fps;

    public StreamDescription Description(int width = 1280) => new(0,
    [
        new TrackDescription { Id = 0, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = Sps, Pps = Pps, Width = width, Height = 720 },
        .. audio
            ? new[] { new TrackDescription { Id = 1, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 48000, SampleRate = 48000, Channels = 1, AudioSpecificConfig = [0x11, 0x88] } }
            : [],
    ]);

    /// <summary>Units of frames [<paramref name="firstFrame"/>, <paramref name="endFrame"/>) with the audio in between, in decode order, each with its media time from the run start.</summary>
    public IEnumerable<(TimeSpan At, MediaUnit Unit)> Frames(int firstFrame, int endFrame)
    {
        var list = new List<(TimeSpan At, MediaUnit Unit)>();
        for (int f = firstFrame; f < endFrame; f++)
        {
            long dts = f * FrameTicks;
            bool key = f % gop == 0;
            list.Add((Ticks(dts, 90000), Unit(0, dts, 90000, key, VideoPayload(key, f))));
        }
        if (audio)
        {
            long from = (long)Math.Ceiling(firstFrame * FrameTicks * 48000.0 / 90000 / 1024);
            for (long a = from; a * 1024 * 90000L < endFrame * FrameTicks * 48000L; a++)
            {
                list.Add((Ticks(a * 1024, 48000), Unit(1, a * 1024, 48000, true, AudioPayload(a))));
            }
        }
        return list.OrderBy(x => x.At).ThenBy(x => x.Unit.TrackId);
    }

    private MediaUnit Unit(int track, long ts, int clock, bool key, byte[] payload) =>
        new(track, ts, ts, key, payload, anchor + Ticks(ts, clock));

    private static TimeSpan Ticks(long ts, int clock) => TimeSpan.FromTicks((long)((Int128)ts * TimeSpan.TicksPerSecond / clock));

    private static byte[] VideoPayload(bool key, int frame)
    {
        int size = key ? 400 : 60 + frame % 7;
        var p = new byte[4 + size];
        p[2] = (byte)(size >> 8);
        p[3] = (byte)size;
        p[4] = key ? (byte)0x65 : (byte)0x41;
        for (int i = 5; i < p.Length; i++) p[i] = (byte)(frame + i);
        return p;
    }

    private static byte[] AudioPayload(long frame) => Enumerable.Repeat((byte)(frame & 0xFF), 24).ToArray();
}
