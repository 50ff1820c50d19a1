using System.Buffers;

namespace Nvr.Media.Mp4;

/// <summary>
/// Writes the initialization segment of a fragmented MP4 file: 'ftyp' + 'moov' with one 'trak'
/// per track, empty sample tables and an 'mvex' with a 'trex' per track (ISO/IEC 14496-12 §8.8.1:
/// the samples live in movie fragments).
/// </summary>
/// <remarks>
/// <code>
/// ftyp  major_brand 'iso6', minor_version 0, compatible 'iso6' 'iso5' 'isom' 'mp41' ['cmfc']
/// moov
///  ├ mvhd   timescale 1000, duration 0, next_track_ID
///  ├ trak   (one per track, MP4 track_ID = position in the list + 1)
///  │ ├ tkhd   flags 3 (enabled, in movie), width/height 16.16, volume 1.0 for audio
///  │ └ mdia
///  │   ├ mdhd   timescale = TrackDescription.ClockRate (90000 video, sample rate audio), language 'und'
///  │   ├ hdlr   'vide' / 'soun'
///  │   └ minf
///  │     ├ vmhd | smhd
///  │     ├ dinf └ dref └ 'url ' (flags 1: media in this file)
///  │     └ stbl
///  │       ├ stsd   1 entry: avc1/avcC, hvc1/hvcC, mp4a/esds, alaw, ulaw
///  │       └ stts, stsc, stsz, stco   (0 entries)
///  └ mvex
///    └ trex   (one per track, all defaults 0: every trun carries explicit values)
/// </code>
/// 'cmfc' (CMAF, ISO/IEC 23000-19) is claimed only for single-track files: a CMAF track file
/// holds exactly one track (§7.3.2), which a recording with audio is not.
/// </remarks>
public static class Mp4InitSegmentWriter
{
    /// <summary>At most this many tracks in one file (a camera stream has one video and at most a few audio tracks).</summary>
    public const int MaxTracks = 16;

    /// <summary>Writes 'ftyp' + 'moov' to <paramref name="output"/>; returns the number of bytes written.</summary>
    public static int Write(IBufferWriter<byte> output, IReadOnlyList<TrackDescription> tracks)
    {
        ArgumentNullException.ThrowIfNull(output);
        var w = new Mp4BoxWriter();
        Write(w, tracks);
        w.CopyTo(output);
        return w.Length;
    }

    /// <summary>Appends 'ftyp' + 'moov' to <paramref name="w"/>.</summary>
    public static void Write(Mp4BoxWriter w, IReadOnlyList<TrackDescription> tracks)
    {
        ArgumentNullException.ThrowIfNull(w);
        Validate(tracks);

        int ftyp = w.StartBox(Mp4BoxType.Ftyp);
        w.WriteUInt32(Brand("iso6"));
        w.WriteUInt32(0);
        w.WriteUInt32(Brand("iso6"));
        w.WriteUInt32(Brand("iso5"));
        w.WriteUInt32(Brand("isom"));
        w.WriteUInt32(Brand("mp41"));
        if (tracks.Count == 1) w.WriteUInt32(Brand("cmfc"));
        w.EndBox(ftyp);

        int moov = w.StartBox(Mp4BoxType.Moov);
        WriteMvhd(w, (uint)tracks.Count + 1);
        for (int i = 0; i < tracks.Count; i++) WriteTrak(w, tracks[i], (uint)i + 1);
        int mvex = w.StartBox(Mp4BoxType.Mvex);
        for (int i = 0; i < tracks.Count; i++)
        {
            int trex = w.StartFullBox(Mp4BoxType.Trex, 0, 0);
            w.WriteUInt32((uint)i + 1); // track_ID
            w.WriteUInt32(1);           // default_sample_description_index
            w.WriteUInt32(0);           // default_sample_duration
            w.WriteUInt32(0);           // default_sample_size
            w.WriteUInt32(0);           // default_sample_flags
            w.EndBox(trex);
        }
        w.EndBox(mvex);
        w.EndBox(moov);
    }

    internal static void Validate(IReadOnlyList<TrackDescription> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count is 0 or > MaxTracks) throw new ArgumentException($"an MP4 file needs 1..{MaxTracks} tracks", nameof(tracks));
        for (int i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i] ?? throw new ArgumentException("null track", nameof(tracks));
            if (t.ClockRate <= 0) throw new ArgumentException($"track {t.Id}: clock rate must be positive", nameof(tracks));
            if (!t.IsComplete) throw new ArgumentException($"track {t.Id}: codec parameters incomplete", nameof(tracks));
            bool ok = t.Kind == TrackKind.Video
                ? t.Codec is MediaCodec.H264 or MediaCodec.H265
                : t.Codec is MediaCodec.Aac or MediaCodec.Pcma or MediaCodec.Pcmu;
            if (!ok) throw new ArgumentException($"track {t.Id}: {t.Kind} codec {t.Codec} is not supported in MP4", nameof(tracks));
            if (t.Codec == MediaCodec.H264 && t.Sps!.Length < 4)
                throw new ArgumentException($"track {t.Id}: H.264 SPS shorter than its fixed header", nameof(tracks));
            if (t.Codec == MediaCodec.H265 && !HevcConfigurationRecord.TryParseSps(t.Sps, out _))
                throw new ArgumentException($"track {t.Id}: H.265 SPS profile_tier_level cannot be parsed", nameof(tracks));
            for (int j = 0; j < i; j++)
            {
                if (tracks[j].Id == t.Id) throw new ArgumentException($"duplicate track id {t.Id}", nameof(tracks));
            }
        }
    }

    private static uint Brand(string b) => Mp4BoxType.FromString(b);

    private static void WriteMvhd(Mp4BoxWriter w, uint nextTrackId)
    {
        int mvhd = w.StartFullBox(Mp4BoxType.Mvhd, 0, 0);
        w.WriteUInt32(0);          // creation_time
        w.WriteUInt32(0);          // modification_time
        w.WriteUInt32(1000);       // timescale
        w.WriteUInt32(0);          // duration: unknown (fragmented)
        w.WriteUInt32(0x00010000); // rate 1.0
        w.WriteUInt16(0x0100);     // volume 1.0
        w.WriteZeros(2 + 8);       // reserved
        WriteMatrix(w);
        w.WriteZeros(24);          // pre_defined
        w.WriteUInt32(nextTrackId);
        w.EndBox(mvhd);
    }

    private static void WriteTrak(Mp4BoxWriter w, TrackDescription t, uint trackId)
    {
        bool video = t.Kind == TrackKind.Video;
        int trak = w.StartBox(Mp4BoxType.Trak);

        int tkhd = w.StartFullBox(Mp4BoxType.Tkhd, 0, 3); // track_enabled | track_in_movie
        w.WriteUInt32(0);                    // creation_time
        w.WriteUInt32(0);                    // modification_time
        w.WriteUInt32(trackId);
        w.WriteUInt32(0);                    // reserved
        w.WriteUInt32(0);                    // duration
        w.WriteZeros(8);                     // reserved
        w.WriteUInt16(0);                    // layer
        w.WriteUInt16(0);                    // alternate_group
        w.WriteUInt16(video ? (ushort)0 : (ushort)0x0100); // volume
        w.WriteUInt16(0);                    // reserved
        WriteMatrix(w);
        w.WriteUInt32(video ? (uint)Math.Clamp(t.Width, 0, ushort.MaxValue) << 16 : 0);
        w.WriteUInt32(video ? (uint)Math.Clamp(t.Height, 0, ushort.MaxValue) << 16 : 0);
        w.EndBox(tkhd);

        int mdia = w.StartBox(Mp4BoxType.Mdia);
        int mdhd = w.StartFullBox(Mp4BoxType.Mdhd, 0, 0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32((uint)t.ClockRate);
        w.WriteUInt32(0);
        w.WriteUInt16(0x55C4);               // pad 0 + ISO-639-2/T 'und', 5 bits a letter (letter - 0x60)
        w.WriteUInt16(0);
        w.EndBox(mdhd);

        int hdlr = w.StartFullBox(Mp4BoxType.Hdlr, 0, 0);
        w.WriteUInt32(0);                    // pre_defined
        w.WriteUInt32(video ? Mp4BoxType.Vide : Mp4BoxType.Soun);
        w.WriteZeros(12);
        w.WriteBytes(video ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        w.EndBox(hdlr);

        int minf = w.StartBox(Mp4BoxType.Minf);
        if (video)
        {
            int vmhd = w.StartFullBox(Mp4BoxType.Vmhd, 0, 1);
            w.WriteZeros(8);                 // graphicsmode, opcolor
            w.EndBox(vmhd);
        }
        else
        {
            int smhd = w.StartFullBox(Mp4BoxType.Smhd, 0, 0);
            w.WriteZeros(4);                 // balance, reserved
            w.EndBox(smhd);
        }
        int dinf = w.StartBox(Mp4BoxType.Dinf);
        int dref = w.StartFullBox(Mp4BoxType.Dref, 0, 0);
        w.WriteUInt32(1);
        int url = w.StartFullBox(Mp4BoxType.Url, 0, 1);
        w.EndBox(url);
        w.EndBox(dref);
        w.EndBox(dinf);

        int stbl = w.StartBox(Mp4BoxType.Stbl);
        int stsd = w.StartFullBox(Mp4BoxType.Stsd, 0, 0);
        w.WriteUInt32(1);
        Mp4SampleEntryWriter.Write(w, t);
        w.EndBox(stsd);
        foreach (uint type in (ReadOnlySpan<uint>)[Mp4BoxType.Stts, Mp4BoxType.Stsc])
        {
            int b = w.StartFullBox(type, 0, 0);
            w.WriteUInt32(0);
            w.EndBox(b);
        }
        int stsz = w.StartFullBox(Mp4BoxType.Stsz, 0, 0);
        w.WriteUInt32(0);                    // sample_size
        w.WriteUInt32(0);                    // sample_count
        w.EndBox(stsz);
        int stco = w.StartFullBox(Mp4BoxType.Stco, 0, 0);
        w.WriteUInt32(0);
        w.EndBox(stco);
        w.EndBox(stbl);

        w.EndBox(minf);
        w.EndBox(mdia);
        w.EndBox(trak);
    }

    private static void WriteMatrix(Mp4BoxWriter w)
    {
        // Unity matrix { 1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0 } in 16.16 / 2.30 fixed point.
        w.WriteUInt32(0x00010000); w.WriteUInt32(0); w.WriteUInt32(0);
        w.WriteUInt32(0); w.WriteUInt32(0x00010000); w.WriteUInt32(0);
        w.WriteUInt32(0); w.WriteUInt32(0); w.WriteUInt32(0x40000000);
    }
}
