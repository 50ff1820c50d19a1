using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

public static partial class Mp4Reader
{
    /// <summary>
    /// Parses a 'moov' body: each 'trak' (tkhd → track_ID, width/height; mdia/mdhd → timescale;
    /// hdlr → vide/soun; minf/stbl/stsd → first sample entry) and 'mvex'/'trex' defaults.
    /// Tracks with another handler are skipped; an audio/video track whose sample entry Nvr
    /// does not read gets <see cref="MediaCodec.Unknown"/>.
    /// </summary>
    private static (string? Error, bool Limit, Mp4InitSegment? Init) ParseMoov(ReadOnlySpan<byte> moov, Mp4ReaderOptions options)
    {
        var tracks = new List<Mp4Track>();
        var trex = new List<(int TrackId, uint Duration, uint Size, uint Flags)>();
        var it = new Mp4BoxIterator(moov, options.MaxChildBoxes);
        int traks = 0;
        while (it.MoveNext(out uint type, out var body))
        {
            if (type == Mp4BoxType.Trak)
            {
                if (++traks > options.MaxTracks) return ("too many tracks", true, null);
                var (error, track) = ParseTrak(body, options);
                if (error is not null) return (error, false, null);
                if (track is null) continue;
                foreach (var t in tracks)
                {
                    if (t.TrackId == track.TrackId) return ("duplicate track_ID", false, null);
                }
                tracks.Add(track);
            }
            else if (type == Mp4BoxType.Mvex)
            {
                var mvex = new Mp4BoxIterator(body, options.MaxChildBoxes);
                while (mvex.MoveNext(out uint mt, out var mb))
                {
                    if (mt != Mp4BoxType.Trex) continue;
                    if (mb.Length < 24) return ("trex too short", false, null);
                    trex.Add(((int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(mb[4..]), int.MaxValue),
                        BinaryPrimitives.ReadUInt32BigEndian(mb[12..]),
                        BinaryPrimitives.ReadUInt32BigEndian(mb[16..]),
                        BinaryPrimitives.ReadUInt32BigEndian(mb[20..])));
                }
                if (mvex.Error is not null) return (mvex.Error, false, null);
            }
        }
        if (it.Error is not null) return (it.Error, false, null);
        for (int i = 0; i < tracks.Count; i++)
        {
            foreach (var x in trex)
            {
                if (x.TrackId == tracks[i].TrackId) tracks[i] = tracks[i].WithDefaults(x.Duration, x.Size, x.Flags);
            }
        }
        return (null, false, new Mp4InitSegment(0, [], tracks));
    }

    private static (string? Error, Mp4Track? Track) ParseTrak(ReadOnlySpan<byte> trak, Mp4ReaderOptions options)
    {
        int trackId = 0, width = 0, height = 0, timescale = 0;
        uint handler = 0;
        ReadOnlySpan<byte> entry = default;
        uint entryType = 0;
        bool haveTkhd = false, haveMdhd = false;

        var it = new Mp4BoxIterator(trak, options.MaxChildBoxes);
        while (it.MoveNext(out uint type, out var body))
        {
            if (type == Mp4BoxType.Tkhd)
            {
                // v0: ver/flags 4, times 8, track_ID @12 ... width @76, height @80 (84 bytes); v1: times 16, track_ID @20 (96 bytes)
                int need = body.Length > 0 && body[0] == 1 ? 96 : 84;
                if (body.Length < need) return ("tkhd too short", null);
                trackId = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[(body[0] == 1 ? 20 : 12)..]), int.MaxValue);
                width = (int)(BinaryPrimitives.ReadUInt32BigEndian(body[(need - 8)..]) >> 16);
                height = (int)(BinaryPrimitives.ReadUInt32BigEndian(body[(need - 4)..]) >> 16);
                haveTkhd = true;
            }
            else if (type == Mp4BoxType.Mdia)
            {
                var mdia = new Mp4BoxIterator(body, options.MaxChildBoxes);
                while (mdia.MoveNext(out uint mt, out var mb))
                {
                    if (mt == Mp4BoxType.Mdhd)
                    {
                        int at = mb.Length > 0 && mb[0] == 1 ? 20 : 12;
                        if (mb.Length < at + 4) return ("mdhd too short", null);
                        timescale = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(mb[at..]), int.MaxValue);
                        haveMdhd = true;
                    }
                    else if (mt == Mp4BoxType.Hdlr)
                    {
                        if (mb.Length < 12) return ("hdlr too short", null);
                        handler = BinaryPrimitives.ReadUInt32BigEndian(mb[8..]);
                    }
                    else if (mt == Mp4BoxType.Minf)
                    {
                        var error = FindSampleEntry(mb, options, out entryType, out entry);
                        if (error is not null) return (error, null);
                    }
                }
                if (mdia.Error is not null) return (mdia.Error, null);
            }
        }
        if (it.Error is not null) return (it.Error, null);
        if (handler != Mp4BoxType.Vide && handler != Mp4BoxType.Soun) return (null, null);
        if (!haveTkhd || trackId == 0) return ("trak without a valid tkhd", null);
        if (!haveMdhd || timescale == 0) return ("trak without a valid mdhd timescale", null);
        var kind = handler == Mp4BoxType.Vide ? TrackKind.Video : TrackKind.Audio;
        var description = DescribeSampleEntry(entryType, entry, kind, trackId, timescale, width, height, options);
        return (null, new Mp4Track(trackId, timescale, entryType, description));
    }

    /// <summary>minf → stbl → stsd → the first sample entry (type and body).</summary>
    private static string? FindSampleEntry(ReadOnlySpan<byte> minf, Mp4ReaderOptions options, out uint entryType, out ReadOnlySpan<byte> entry)
    {
        entryType = 0;
        entry = default;
        var it = new Mp4BoxIterator(minf, options.MaxChildBoxes);
        while (it.MoveNext(out uint type, out var stbl))
        {
            if (type != Mp4BoxType.Stbl) continue;
            var st = new Mp4BoxIterator(stbl, options.MaxChildBoxes);
            while (st.MoveNext(out uint t, out var stsd))
            {
                if (t != Mp4BoxType.Stsd) continue;
                if (stsd.Length < 8) return "stsd too short";
                var entries = new Mp4BoxIterator(stsd[8..], options.MaxChildBoxes);
                if (entries.MoveNext(out entryType, out entry)) return null;
                return entries.Error ?? "stsd without entries";
            }
            if (st.Error is not null) return st.Error;
        }
        return it.Error;
    }
}
