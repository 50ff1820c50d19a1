using System.Buffers;
using System.Buffers.Binary;

namespace Nvr.Media.Mp4;

/// <summary>
/// Reads a fragmented MP4 file, or a prefix of one (a file being recorded or torn by a crash):
/// the init segment, the table of complete fragments, and the offset where the last complete
/// fragment ends (ISO/IEC 14496-12 §8.8). Also reads a fragment's samples back as
/// <see cref="MediaUnit"/>s for playback.
/// </summary>
/// <remarks>
/// Never throws on file content: a box larger than the remaining data is
/// <see cref="Mp4ReadStatus.Truncated"/>, an inconsistent one <see cref="Mp4ReadStatus.Malformed"/>,
/// a count or size above <see cref="Mp4ReaderOptions"/> <see cref="Mp4ReadStatus.LimitExceeded"/>;
/// in every case the fragments read so far and <see cref="Mp4ReadResult.CompleteEnd"/> are
/// returned. Boxes are interpreted by structure (moov/trak/mdia/minf/stbl/stsd, moof/traf), so
/// nesting depth is fixed by the code, never by the file; child counts are capped. 'mdat'
/// bodies are never read, only bounds-checked. Top-level boxes other than ftyp, moov, prft,
/// moof and mdat (free, skip, styp, sidx, emsg, ...) are skipped.
/// <code>
/// file  := ftyp? moov fragment* other*       (other boxes may appear anywhere between units)
/// fragment := prft? moof mdat                 (every sample's data inside that mdat)
/// </code>
/// </remarks>
public static partial class Mp4Reader
{
    /// <summary>Reads a file (or prefix) held in memory; offsets are relative to <paramref name="data"/>[0].</summary>
    public static Mp4ReadResult Read(ReadOnlySpan<byte> data, Mp4ReaderOptions? options = null)
    {
        var source = new SpanByteSource(data);
        return ReadCore(ref source, 0, null, options ?? Mp4ReaderOptions.Default);
    }

    /// <summary>Reads a file (or prefix) held in a sequence of buffers; only box headers, 'moov', 'prft' and 'moof' are copied.</summary>
    public static Mp4ReadResult Read(in ReadOnlySequence<byte> data, Mp4ReaderOptions? options = null)
    {
        var source = new SequenceByteSource(data);
        return ReadCore(ref source, 0, null, options ?? Mp4ReaderOptions.Default);
    }

    /// <summary>
    /// Reads fragments from part of a file: <paramref name="data"/> starts at absolute offset
    /// <paramref name="fileOffset"/> on a box boundary (e.g. a fragment range from the index),
    /// with the timescales and defaults of <paramref name="init"/>.
    /// </summary>
    public static Mp4ReadResult ReadFragments(ReadOnlySpan<byte> data, long fileOffset, Mp4InitSegment init, Mp4ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(init);
        ArgumentOutOfRangeException.ThrowIfNegative(fileOffset);
        var source = new SpanByteSource(data);
        return ReadCore(ref source, fileOffset, init, options ?? Mp4ReaderOptions.Default);
    }

    private sealed class WalkState
    {
        public Mp4InitSegment? Init;
        public uint MajorBrand;
        public uint[] Brands = [];
        public readonly List<Mp4Fragment> Fragments = [];
        public readonly Dictionary<int, long> NextDecodeTime = [];
        public long CompleteEnd;
        public long TotalSamples;
        // A fragment in progress: its prft (if any) and its moof, waiting for the mdat.
        public long PendingStart = -1;
        public Prft? PendingPrft;
        public Moof? PendingMoof;
    }

    private readonly record struct Prft(int TrackId, ulong Ntp, long MediaTime);

    private static Mp4ReadResult ReadCore<TSource>(ref TSource source, long fileOffset, Mp4InitSegment? init, Mp4ReaderOptions options)
        where TSource : IMp4ByteSource, allows ref struct
    {
        var st = new WalkState { Init = init, CompleteEnd = fileOffset };
        long length = source.Length;
        long end = fileOffset + length;
        long pos = 0;
        int boxes = 0;
        byte[]? scratch = null;

        while (pos < length)
        {
            long at = fileOffset + pos;
            var headerBytes = source.Read(pos, (int)Math.Min(Mp4BoxHeader.MaxHeaderSize, length - pos), ref scratch);
            var status = Mp4BoxHeader.TryParse(headerBytes, at, end, out var h);
            if (status == Mp4BoxParseStatus.NeedMoreData) return Result(st, Mp4ReadStatus.Truncated, at, "data ends inside a box header");
            if (status == Mp4BoxParseStatus.Invalid) return Result(st, Mp4ReadStatus.Malformed, at, "invalid box size");
            if (h.End > end) return Result(st, Mp4ReadStatus.Truncated, at, $"'{Mp4BoxType.ToString(h.Type)}' extends past the data");
            if (++boxes > options.MaxTopLevelBoxes) return Result(st, Mp4ReadStatus.LimitExceeded, at, "too many boxes");

            string? error = null;
            var limit = false;
            switch (h.Type)
            {
                case Mp4BoxType.Ftyp:
                    if (h.BodySize is < 8 or > 1024) error = "bad ftyp size";
                    else ParseFtyp(source.Read(h.BodyOffset - fileOffset, (int)h.BodySize, ref scratch), st);
                    if (error is null) CompleteUnit(st, h);
                    break;
                case Mp4BoxType.Moov:
                    if (st.PendingMoof is not null) error = "moov inside a fragment";
                    else if (h.BodySize > options.MaxInitSize) (error, limit) = ("moov larger than MaxInitSize", true);
                    else
                    {
                        (error, limit, var parsed) = ParseMoov(source.Read(h.BodyOffset - fileOffset, (int)h.BodySize, ref scratch), options);
                        if (parsed is not null)
                        {
                            st.Init = parsed.WithBrands(st.MajorBrand, st.Brands);
                            st.NextDecodeTime.Clear();
                            CompleteUnit(st, h);
                        }
                    }
                    break;
                case Mp4BoxType.Prft:
                    if (st.PendingMoof is not null) error = "prft between moof and mdat";
                    else if (h.BodySize is < 16 or > 64) error = "bad prft size";
                    else
                    {
                        var body = source.Read(h.BodyOffset - fileOffset, (int)h.BodySize, ref scratch);
                        bool v1 = body[0] == 1;
                        if (body[0] > 1 || body.Length < (v1 ? 24 : 20)) error = "bad prft";
                        else
                        {
                            st.PendingStart = h.Offset;
                            st.PendingPrft = new Prft(
                                (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue),
                                BinaryPrimitives.ReadUInt64BigEndian(body[8..]),
                                v1 ? (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(body[16..]), long.MaxValue) : BinaryPrimitives.ReadUInt32BigEndian(body[16..]));
                        }
                    }
                    break;
                case Mp4BoxType.Moof:
                    if (st.PendingMoof is not null) error = "moof without mdat";
                    else if (h.Size > options.MaxMoofSize) (error, limit) = ("moof larger than MaxMoofSize", true);
                    else if (st.Fragments.Count >= options.MaxFragments) (error, limit) = ("too many fragments", true);
                    else
                    {
                        (error, limit, var moof) = ParseMoof(source.Read(h.BodyOffset - fileOffset, (int)h.BodySize, ref scratch), h.Offset, st, options);
                        if (moof is not null)
                        {
                            if (st.PendingPrft is null) st.PendingStart = h.Offset;
                            st.PendingMoof = moof;
                        }
                    }
                    break;
                case Mp4BoxType.Mdat:
                    if (st.PendingMoof is { } pending) error = CompleteFragment(st, pending, h);
                    else CompleteUnit(st, h);
                    break;
                default:
                    if (st.PendingMoof is null) CompleteUnit(st, h);
                    break;
            }
            if (error is not null) return Result(st, limit ? Mp4ReadStatus.LimitExceeded : Mp4ReadStatus.Malformed, at, error);
            pos = h.End - fileOffset;
        }

        if (st.PendingMoof is not null || st.PendingPrft is not null)
            return Result(st, Mp4ReadStatus.Truncated, st.PendingStart, "fragment without its mdat");
        return Result(st, Mp4ReadStatus.Complete, -1, null);
    }

    /// <summary>A whole top-level unit ended at <paramref name="h"/>'s end; a lone prft before it is dropped.</summary>
    private static void CompleteUnit(WalkState st, Mp4BoxHeader h)
    {
        st.PendingPrft = null;
        st.PendingStart = -1;
        st.CompleteEnd = h.End;
    }

    private static void ParseFtyp(ReadOnlySpan<byte> body, WalkState st)
    {
        st.MajorBrand = BinaryPrimitives.ReadUInt32BigEndian(body);
        var brands = new uint[(body.Length - 8) / 4];
        for (int i = 0; i < brands.Length; i++) brands[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(8 + 4 * i)..]);
        st.Brands = brands;
        if (st.Init is not null) st.Init = st.Init.WithBrands(st.MajorBrand, brands);
    }

    private static Mp4ReadResult Result(WalkState st, Mp4ReadStatus status, long errorOffset, string? error) =>
        new(status, st.Init, st.Fragments.ToArray(), st.CompleteEnd, errorOffset, error);
}
