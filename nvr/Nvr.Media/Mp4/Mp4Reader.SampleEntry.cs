using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

public static partial class Mp4Reader
{
    private const int VisualEntryHeader = 78; // SampleEntry (8) + VisualSampleEntry fields (70), ISO/IEC 14496-12 §12.1.3
    private const int AudioEntryHeader = 28;  // SampleEntry (8) + AudioSampleEntry fields (20), §12.2.3

    /// <summary>Turns a sample entry back into a <see cref="TrackDescription"/> (Codec Unknown when it cannot).</summary>
    private static TrackDescription DescribeSampleEntry(uint type, ReadOnlySpan<byte> entry, TrackKind kind, int trackId, int timescale,
        int width, int height, Mp4ReaderOptions options)
    {
        var unknown = new TrackDescription { Id = trackId, Kind = kind, Codec = MediaCodec.Unknown, ClockRate = timescale, Width = width, Height = height };
        if (kind == TrackKind.Video && type is Mp4BoxType.Avc1 or Mp4BoxType.Avc3 or Mp4BoxType.Hvc1 or Mp4BoxType.Hev1)
        {
            if (entry.Length < VisualEntryHeader) return unknown;
            int w = BinaryPrimitives.ReadUInt16BigEndian(entry[24..]);
            int h = BinaryPrimitives.ReadUInt16BigEndian(entry[26..]);
            var children = new Mp4BoxIterator(entry[VisualEntryHeader..], options.MaxChildBoxes);
            bool avc = type is Mp4BoxType.Avc1 or Mp4BoxType.Avc3;
            while (children.MoveNext(out uint ct, out var config))
            {
                if (avc && ct == Mp4BoxType.AvcC && AvcConfigurationRecord.TryParse(config, out var sps, out var pps))
                {
                    return unknown with
                    {
                        Codec = MediaCodec.H264,
                        Sps = sps,
                        Pps = pps,
                        Width = w != 0 ? w : width,
                        Height = h != 0 ? h : height,
                        Profile = sps[1],
                        Level = sps[3],
                    };
                }
                if (!avc && ct == Mp4BoxType.HvcC && HevcConfigurationRecord.TryParse(config, out var vps, out sps, out pps, out int profile, out int level))
                {
                    return unknown with
                    {
                        Codec = MediaCodec.H265,
                        Vps = vps,
                        Sps = sps,
                        Pps = pps,
                        Width = w != 0 ? w : width,
                        Height = h != 0 ? h : height,
                        Profile = profile,
                        Level = level,
                    };
                }
            }
            return unknown;
        }

        if (kind == TrackKind.Audio && type is Mp4BoxType.Mp4a or Mp4BoxType.Alaw or Mp4BoxType.Ulaw)
        {
            if (entry.Length < AudioEntryHeader) return unknown;
            // QuickTime sound description versions 1 and 2 append 16 / 36 bytes (QTFF "Sound sample description").
            int version = BinaryPrimitives.ReadUInt16BigEndian(entry[8..]);
            int channels = BinaryPrimitives.ReadUInt16BigEndian(entry[16..]);
            int rate = (int)(BinaryPrimitives.ReadUInt32BigEndian(entry[24..]) >> 16);
            int childStart = AudioEntryHeader + version switch { 1 => 16, 2 => 36, _ => 0 };
            unknown = unknown with { Width = 0, Height = 0 };
            if (type != Mp4BoxType.Mp4a)
            {
                return unknown with
                {
                    Codec = type == Mp4BoxType.Alaw ? MediaCodec.Pcma : MediaCodec.Pcmu,
                    SampleRate = rate != 0 ? rate : timescale,
                    Channels = Math.Max(channels, 1),
                };
            }
            if (entry.Length < childStart) return unknown;
            var children = new Mp4BoxIterator(entry[childStart..], options.MaxChildBoxes);
            while (children.MoveNext(out uint ct, out var esds))
            {
                if (ct != Mp4BoxType.Esds || esds.Length < 4) continue;
                if (!EsDescriptor.TryParse(esds[4..], out byte objectType, out var asc) || objectType != EsDescriptor.ObjectTypeMpeg4Audio) return unknown;
                bool parsed = AudioSpecificConfigInfo.TryParse(asc, out _, out int ascRate, out int ascChannels);
                return unknown with
                {
                    Codec = MediaCodec.Aac,
                    AudioSpecificConfig = asc,
                    SampleRate = parsed ? ascRate : rate,
                    Channels = parsed && ascChannels > 0 ? ascChannels : channels,
                };
            }
            return unknown;
        }
        return unknown;
    }
}
