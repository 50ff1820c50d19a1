using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

public static partial class Mp4Reader
{
    private const uint TfhdBaseDataOffset = 0x000001;
    private const uint TfhdSampleDescriptionIndex = 0x000002;
    private const uint TfhdDefaultDuration = 0x000008;
    private const uint TfhdDefaultSize = 0x000010;
    private const uint TfhdDefaultFlags = 0x000020;
    private const uint TfhdDefaultBaseIsMoof = 0x020000;
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunFirstSampleFlags = 0x000004;
    private const uint TrunDuration = 0x000100;
    private const uint TrunSize = 0x000200;
    private const uint TrunFlags = 0x000400;
    private const uint TrunCto = 0x000800;

    private sealed class Moof(uint sequence, List<Mp4TrackFragment> trafs)
    {
        public uint Sequence { get; } = sequence;
        public List<Mp4TrackFragment> Trafs { get; } = trafs;
    }

    /// <summary>
    /// Parses a 'moof' body (mfhd, traf → tfhd, tfdt, trun; ISO/IEC 14496-12 §8.8.4–§8.8.12)
    /// into track fragments with absolute sample offsets. Data offsets follow §8.8.7.1: the
    /// tfhd base_data_offset, else the moof start for default-base-is-moof or the first traf,
    /// else the end of the previous traf's data; a trun without data_offset continues after the
    /// previous trun.
    /// </summary>
    private static (string? Error, bool Limit, Moof? Moof) ParseMoof(ReadOnlySpan<byte> moof, long moofOffset, WalkState st, Mp4ReaderOptions options)
    {
        uint sequence = 0;
        var trafs = new List<Mp4TrackFragment>();
        long previousTrafEnd = moofOffset;
        int totalSamples = 0;
        var it = new Mp4BoxIterator(moof, options.MaxChildBoxes);
        while (it.MoveNext(out uint type, out var body))
        {
            if (type == Mp4BoxType.Mfhd)
            {
                if (body.Length < 8) return ("mfhd too short", false, null);
                sequence = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            }
            else if (type == Mp4BoxType.Traf)
            {
                var (error, limit, traf) = ParseTraf(body, moofOffset, trafs.Count == 0, ref previousTrafEnd, ref totalSamples, st, options);
                if (error is not null) return (error, limit, null);
                trafs.Add(traf!);
            }
        }
        if (it.Error is not null) return (it.Error, false, null);
        if (st.TotalSamples + totalSamples > options.MaxTotalSamples) return ("too many samples in total", true, null);
        st.TotalSamples += totalSamples;
        return (null, false, new Moof(sequence, trafs));
    }

    private static (string? Error, bool Limit, Mp4TrackFragment? Traf) ParseTraf(ReadOnlySpan<byte> traf, long moofOffset, bool firstTraf,
        ref long previousTrafEnd, ref int totalSamples, WalkState st, Mp4ReaderOptions options)
    {
        bool haveTfhd = false;
        int trackId = 0;
        long baseOffset = 0;
        uint defDuration = 0, defSize = 0, defFlags = 0;
        long? tfdt = null;
        var samples = new List<Mp4Sample>();
        long dataPos = 0;
        long decodeTime = 0;
        bool firstTrun = true;

        var it = new Mp4BoxIterator(traf, options.MaxChildBoxes);
        while (it.MoveNext(out uint type, out var body))
        {
            if (type == Mp4BoxType.Tfhd)
            {
                if (haveTfhd) return ("two tfhd in one traf", false, null);
                if (body.Length < 8) return ("tfhd too short", false, null);
                uint flags = BinaryPrimitives.ReadUInt32BigEndian(body) & 0xFFFFFF;
                trackId = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue);
                var track = st.Init?.Track(trackId);
                defDuration = track?.DefaultSampleDuration ?? 0;
                defSize = track?.DefaultSampleSize ?? 0;
                defFlags = track?.DefaultSampleFlags ?? 0;
                int pos = 8;
                if (!TryField(body, ref pos, flags, TfhdBaseDataOffset, 8, out ulong bdo)) return ("tfhd too short", false, null);
                if (!TryField(body, ref pos, flags, TfhdSampleDescriptionIndex, 4, out _)) return ("tfhd too short", false, null);
                if (!TryField(body, ref pos, flags, TfhdDefaultDuration, 4, out ulong v)) return ("tfhd too short", false, null);
                if ((flags & TfhdDefaultDuration) != 0) defDuration = (uint)v;
                if (!TryField(body, ref pos, flags, TfhdDefaultSize, 4, out v)) return ("tfhd too short", false, null);
                if ((flags & TfhdDefaultSize) != 0) defSize = (uint)v;
                if (!TryField(body, ref pos, flags, TfhdDefaultFlags, 4, out v)) return ("tfhd too short", false, null);
                if ((flags & TfhdDefaultFlags) != 0) defFlags = (uint)v;
                if ((flags & TfhdBaseDataOffset) != 0)
                {
                    if (bdo > long.MaxValue / 2) return ("base_data_offset out of range", false, null);
                    baseOffset = (long)bdo;
                }
                else baseOffset = (flags & TfhdDefaultBaseIsMoof) != 0 || firstTraf ? moofOffset : previousTrafEnd;
                dataPos = baseOffset;
                haveTfhd = true;
            }
            else if (type == Mp4BoxType.Tfdt)
            {
                if (!haveTfhd || samples.Count > 0) return ("tfdt out of order", false, null);
                bool v1 = body.Length > 0 && body[0] == 1;
                if (body.Length < (v1 ? 12 : 8)) return ("tfdt too short", false, null);
                ulong t = v1 ? BinaryPrimitives.ReadUInt64BigEndian(body[4..]) : BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                if (t > long.MaxValue / 2) return ("tfdt out of range", false, null);
                tfdt = (long)t;
            }
            else if (type == Mp4BoxType.Trun)
            {
                if (!haveTfhd) return ("trun before tfhd", false, null);
                if (firstTrun) decodeTime = tfdt ?? st.NextDecodeTime.GetValueOrDefault(trackId);
                var (error, limit) = ParseTrun(body, baseOffset, firstTrun, ref dataPos, ref decodeTime, ref totalSamples,
                    defDuration, defSize, defFlags, samples, options);
                if (error is not null) return (error, limit, null);
                firstTrun = false;
            }
        }
        if (it.Error is not null) return (it.Error, false, null);
        if (!haveTfhd) return ("traf without tfhd", false, null);
        if (firstTrun) decodeTime = tfdt ?? st.NextDecodeTime.GetValueOrDefault(trackId);
        previousTrafEnd = dataPos;
        int timescale = st.Init?.Track(trackId)?.Timescale ?? 0;
        long start = samples.Count > 0 ? samples[0].DecodeTime : decodeTime;
        return (null, false, new Mp4TrackFragment(trackId, timescale, start, samples.ToArray()));
    }

    private static (string? Error, bool Limit) ParseTrun(ReadOnlySpan<byte> trun, long baseOffset, bool firstTrun, ref long dataPos,
        ref long decodeTime, ref int totalSamples, uint defDuration, uint defSize, uint defFlags, List<Mp4Sample> samples, Mp4ReaderOptions options)
    {
        if (trun.Length < 8) return ("trun too short", false);
        int version = trun[0];
        uint flags = BinaryPrimitives.ReadUInt32BigEndian(trun) & 0xFFFFFF;
        uint count = BinaryPrimitives.ReadUInt32BigEndian(trun[4..]);
        int pos = 8;
        if (!TryField(trun, ref pos, flags, TrunDataOffset, 4, out ulong dataOffset)) return ("trun too short", false);
        if (!TryField(trun, ref pos, flags, TrunFirstSampleFlags, 4, out ulong firstFlags)) return ("trun too short", false);
        if ((flags & TrunDataOffset) != 0) dataPos = baseOffset + (int)(uint)dataOffset;
        else if (firstTrun) dataPos = baseOffset;
        if (dataPos < 0) return ("trun data offset before the file start", false);

        int perSample = 4 * (((flags & TrunDuration) != 0 ? 1 : 0) + ((flags & TrunSize) != 0 ? 1 : 0) +
                             ((flags & TrunFlags) != 0 ? 1 : 0) + ((flags & TrunCto) != 0 ? 1 : 0));
        if ((long)count * perSample > trun.Length - pos) return ("trun sample table overruns the box", false);
        if (count > (uint)(options.MaxSamplesPerFragment - totalSamples)) return ("too many samples in a fragment", true);
        totalSamples += (int)count;

        for (uint i = 0; i < count; i++)
        {
            uint duration = (flags & TrunDuration) != 0 ? Next(trun, ref pos) : defDuration;
            uint size = (flags & TrunSize) != 0 ? Next(trun, ref pos) : defSize;
            uint sampleFlags = (flags & TrunFlags) != 0 ? Next(trun, ref pos)
                : i == 0 && (flags & TrunFirstSampleFlags) != 0 ? (uint)firstFlags : defFlags;
            int cto = 0;
            if ((flags & TrunCto) != 0)
            {
                uint raw = Next(trun, ref pos);
                if (version == 0 && raw > int.MaxValue) return ("composition offset out of range", false);
                cto = (int)raw;
            }
            if (size > int.MaxValue) return ("sample size out of range", false);
            samples.Add(new Mp4Sample(dataPos, (int)size, decodeTime, duration, cto, sampleFlags));
            dataPos += size;
            decodeTime += duration;
        }
        return (null, false);
    }

    /// <summary>A fragment's mdat arrived: check every sample lies inside it, then record the fragment.</summary>
    private static string? CompleteFragment(WalkState st, Moof moof, Mp4BoxHeader mdat)
    {
        foreach (var traf in moof.Trafs)
        {
            foreach (var s in traf.Samples)
            {
                if (s.DataOffset < mdat.BodyOffset || s.DataOffset + s.Size > mdat.End) return "sample data outside its mdat";
            }
        }
        foreach (var traf in moof.Trafs) st.NextDecodeTime[traf.TrackId] = traf.BaseDecodeTime + traf.Duration;

        int reference = st.Init?.ReferenceTrack?.TrackId ?? st.PendingPrft?.TrackId ?? (moof.Trafs.Count > 0 ? moof.Trafs[0].TrackId : 0);
        DateTime? wallClock = null;
        int clockTrack = 0;
        long clockTime = 0;
        if (st.PendingPrft is { } prft)
        {
            wallClock = Mp4Ntp.ToDateTime(prft.Ntp);
            clockTrack = prft.TrackId;
            clockTime = prft.MediaTime;
        }
        st.Fragments.Add(new Mp4Fragment(st.PendingStart, mdat.End - st.PendingStart, moof.Sequence, reference, moof.Trafs,
            wallClock, clockTrack, clockTime));
        st.PendingMoof = null;
        CompleteUnit(st, mdat);
        return null;
    }

    private static bool TryField(ReadOnlySpan<byte> body, ref int pos, uint flags, uint flag, int size, out ulong value)
    {
        value = 0;
        if ((flags & flag) == 0) return true;
        if (body.Length - pos < size) return false;
        value = size == 8 ? BinaryPrimitives.ReadUInt64BigEndian(body[pos..]) : BinaryPrimitives.ReadUInt32BigEndian(body[pos..]);
        pos += size;
        return true;
    }

    private static uint Next(ReadOnlySpan<byte> body, ref int pos)
    {
        uint v = BinaryPrimitives.ReadUInt32BigEndian(body[pos..]);
        pos += 4;
        return v;
    }
}
