using Nvr.Media.Mp4;

namespace Nvr.Media.Tests.Mp4;

/// <summary>Track descriptions with real parameter sets and small synthetic payloads, for tests that need no decoder.</summary>
internal static class SyntheticTracks
{
    // Baseline SPS/PPS (profile_idc 66, level 3.1) in the form many cameras send them.
    public static readonly byte[] Sps = Convert.FromHexString("6742c01fda014016e84000000300400000f1e3065c");
    public static readonly byte[] Pps = Convert.FromHexString("68ce3c80");

    public static TrackDescription H264(int id = 0) => new()
    {
        Id = id, Kind = TrackKind.Video, Codec = MediaCodec.H264, ClockRate = 90000, Sps = Sps, Pps = Pps, Width = 1280, Height = 720,
    };

    public static TrackDescription H265(int id = 0) => new()
    {
        Id = id, Kind = TrackKind.Video, Codec = MediaCodec.H265, ClockRate = 90000,
        Vps = Convert.FromHexString("40010c01ffff01600000030090000003000003003c959809"),
        Sps = Convert.FromHexString("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003210"),
        Pps = Convert.FromHexString("4401c172b46240"), Width = 320, Height = 240,
    };

    public static TrackDescription Aac(int id = 1) => new()
    {
        Id = id, Kind = TrackKind.Audio, Codec = MediaCodec.Aac, ClockRate = 48000, SampleRate = 48000, Channels = 1,
        AudioSpecificConfig = [0x11, 0x88],
    };

    public static TrackDescription Pcmu(int id = 1) => new()
    {
        Id = id, Kind = TrackKind.Audio, Codec = MediaCodec.Pcmu, ClockRate = 8000, SampleRate = 8000, Channels = 1,
    };

    /// <summary>An AVCC payload: one NAL unit (IDR slice 0x65 or non-IDR 0x41) of <paramref name="size"/> bytes.</summary>
    public static byte[] VideoPayload(bool key, int size = 32, byte fill = 0xAB)
    {
        var p = new byte[4 + size];
        p[3] = (byte)size;
        p[2] = (byte)(size >> 8);
        p[4] = key ? (byte)0x65 : (byte)0x41;
        for (int i = 5; i < p.Length; i++) p[i] = fill;
        return p;
    }

    public static MediaUnit Video(long dts, bool key, long? pts = null, DateTime? wall = null, int trackId = 0, int size = 32) =>
        new(trackId, pts ?? dts, dts, key, VideoPayload(key, size, (byte)dts), wall);

    public static MediaUnit Audio(long dts, int size = 20, int trackId = 1) =>
        new(trackId, dts, dts, true, Enumerable.Repeat((byte)(dts & 0xFF), size).ToArray());
}
