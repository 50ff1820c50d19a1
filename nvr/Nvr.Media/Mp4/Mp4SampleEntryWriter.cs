namespace Nvr.Media.Mp4;

/// <summary>
/// Writes the single sample entry of a track's 'stsd' box: 'avc1'+'avcC', 'hvc1'+'hvcC',
/// 'mp4a'+'esds', or QuickTime-style 'alaw'/'ulaw' for G.711.
/// </summary>
/// <remarks>
/// VisualSampleEntry (ISO/IEC 14496-12 §12.1.3):
/// <code>
/// SampleEntry: reserved (8 x 6) = 0 | data_reference_index (16) = 1
/// pre_defined (16) = 0 | reserved (16) = 0 | pre_defined (32 x 3) = 0
/// width (16) | height (16)
/// horizresolution (32) = 0x00480000 (72 dpi) | vertresolution (32) = 0x00480000
/// reserved (32) = 0 | frame_count (16) = 1
/// compressorname (32 bytes: length byte + name, zero padded)
/// depth (16) = 0x0018 | pre_defined (16) = -1
/// config box ('avcC' / 'hvcC')
/// </code>
/// AudioSampleEntry (ISO/IEC 14496-12 §12.2.3):
/// <code>
/// SampleEntry: reserved (8 x 6) = 0 | data_reference_index (16) = 1
/// reserved (32 x 2) = 0
/// channelcount (16) | samplesize (16) = 16 | pre_defined (16) = 0 | reserved (16) = 0
/// samplerate (32) = rate &lt;&lt; 16 (0 when the rate does not fit 16 bits; AAC carries it in the ASC)
/// 'esds' (mp4a only)
/// </code>
/// G.711: ISO BMFF has no G.711 sample entry of its own; the QuickTime 'alaw'/'ulaw' entries
/// (version 0 sound description, same layout as above) are what FFmpeg's mov/mp4 demuxer maps to
/// pcm_alaw/pcm_mulaw, verified by a test with ffprobe. One MP4 sample = one G.711 frame as
/// received (e.g. 160 bytes = 20 ms at 8 kHz), duration = bytes / channels.
/// </remarks>
internal static class Mp4SampleEntryWriter
{
    public static void Write(Mp4BoxWriter w, TrackDescription track)
    {
        switch (track.Codec)
        {
            case MediaCodec.H264:
                {
                    int entry = StartVisual(w, Mp4BoxType.Avc1, track);
                    int avcC = w.StartBox(Mp4BoxType.AvcC);
                    AvcConfigurationRecord.Write(w, track.Sps, track.Pps);
                    w.EndBox(avcC);
                    w.EndBox(entry);
                    break;
                }
            case MediaCodec.H265:
                {
                    int entry = StartVisual(w, Mp4BoxType.Hvc1, track);
                    int hvcC = w.StartBox(Mp4BoxType.HvcC);
                    HevcConfigurationRecord.Write(w, track.Vps, track.Sps, track.Pps);
                    w.EndBox(hvcC);
                    w.EndBox(entry);
                    break;
                }
            case MediaCodec.Aac:
                {
                    var asc = track.AudioSpecificConfig ?? throw new ArgumentException("AAC track without AudioSpecificConfig", nameof(track));
                    AudioSpecificConfigInfo.TryParse(asc, out _, out int ascRate, out int ascChannels);
                    int entry = StartAudio(w, Mp4BoxType.Mp4a, track.Channels > 0 ? track.Channels : Math.Max(ascChannels, 1),
                        track.SampleRate > 0 ? track.SampleRate : ascRate);
                    int esds = w.StartFullBox(Mp4BoxType.Esds, 0, 0);
                    EsDescriptor.Write(w, asc);
                    w.EndBox(esds);
                    w.EndBox(entry);
                    break;
                }
            case MediaCodec.Pcma or MediaCodec.Pcmu:
                {
                    int entry = StartAudio(w, track.Codec == MediaCodec.Pcma ? Mp4BoxType.Alaw : Mp4BoxType.Ulaw,
                        Math.Max(track.Channels, 1), track.SampleRate > 0 ? track.SampleRate : track.ClockRate);
                    w.EndBox(entry);
                    break;
                }
            default:
                throw new ArgumentException($"codec {track.Codec} cannot be written to MP4", nameof(track));
        }
    }

    private static int StartVisual(Mp4BoxWriter w, uint type, TrackDescription track)
    {
        if (track.Sps is null || track.Pps is null || (track.Codec == MediaCodec.H265 && track.Vps is null))
            throw new ArgumentException($"{track.Codec} track {track.Id} lacks parameter sets", nameof(track));
        int start = w.StartBox(type);
        WriteSampleEntryHeader(w);
        w.WriteUInt16(0);
        w.WriteUInt16(0);
        w.WriteZeros(12);
        w.WriteUInt16((ushort)Math.Clamp(track.Width, 0, ushort.MaxValue));
        w.WriteUInt16((ushort)Math.Clamp(track.Height, 0, ushort.MaxValue));
        w.WriteUInt32(0x00480000);
        w.WriteUInt32(0x00480000);
        w.WriteUInt32(0);
        w.WriteUInt16(1);
        w.WriteZeros(32); // compressorname: empty
        w.WriteUInt16(0x0018);
        w.WriteUInt16(0xFFFF);
        return start;
    }

    private static int StartAudio(Mp4BoxWriter w, uint type, int channels, int sampleRate)
    {
        int start = w.StartBox(type);
        WriteSampleEntryHeader(w);
        w.WriteZeros(8);
        w.WriteUInt16((ushort)Math.Clamp(channels, 1, ushort.MaxValue));
        w.WriteUInt16(16);
        w.WriteUInt16(0);
        w.WriteUInt16(0);
        w.WriteUInt32(sampleRate is > 0 and <= ushort.MaxValue ? (uint)sampleRate << 16 : 0);
        return start;
    }

    private static void WriteSampleEntryHeader(Mp4BoxWriter w)
    {
        w.WriteZeros(6);
        w.WriteUInt16(1); // data_reference_index: the single 'url ' entry (self-contained)
    }
}
