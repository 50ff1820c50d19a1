using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H264;

/// <summary>
/// AVCDecoderConfigurationRecord, the body of the <c>avcC</c> box (ISO/IEC 14496-15 §5.3.3.1), also
/// the RTMP/FLV AVC sequence header. Built from SPS/PPS NAL units or parsed from bytes.
/// </summary>
/// <remarks>
/// <code>
///  configurationVersion = 1         u8
///  AVCProfileIndication             u8   (SPS profile_idc)
///  profile_compatibility            u8   (SPS constraint flags byte)
///  AVCLevelIndication               u8   (SPS level_idc)
///  '111111'b | lengthSizeMinusOne   u8   (3: 4-byte NAL lengths)
///  '111'b | numOfSequenceParameterSets (5 bits)
///    { sequenceParameterSetLength u16, SPS NAL unit } ×n
///  numOfPictureParameterSets        u8
///    { pictureParameterSetLength u16, PPS NAL unit } ×n
///  if profile_idc ∈ {100, 110, 122, 144}:
///    '111111'b | chroma_format (2 bits)
///    '11111'b  | bit_depth_luma_minus8 (3 bits)
///    '11111'b  | bit_depth_chroma_minus8 (3 bits)
///    numOfSequenceParameterSetExt   u8   { u16 length, SPS extension NAL unit } ×n
/// </code>
/// Parsing accepts records without the high-profile extension (many muxers omit it).
/// </remarks>
public sealed class AvcDecoderConfigurationRecord
{
    private AvcDecoderConfigurationRecord(
        int profile, int compatibility, int level, int lengthSize,
        IReadOnlyList<byte[]> sps, IReadOnlyList<byte[]> pps, int chromaFormat, int bitDepthLuma, int bitDepthChroma)
    {
        ProfileIndication = profile;
        ProfileCompatibility = compatibility;
        LevelIndication = level;
        NalUnitLengthSize = lengthSize;
        SequenceParameterSets = sps;
        PictureParameterSets = pps;
        ChromaFormat = chromaFormat;
        BitDepthLuma = bitDepthLuma;
        BitDepthChroma = bitDepthChroma;
    }

    public int ProfileIndication { get; }
    public int ProfileCompatibility { get; }
    public int LevelIndication { get; }
    /// <summary>lengthSizeMinusOne + 1: 1, 2 or 4.</summary>
    public int NalUnitLengthSize { get; }
    public IReadOnlyList<byte[]> SequenceParameterSets { get; }
    public IReadOnlyList<byte[]> PictureParameterSets { get; }
    /// <summary>From the high-profile extension, else from the SPS when built, else 1.</summary>
    public int ChromaFormat { get; }
    public int BitDepthLuma { get; }
    public int BitDepthChroma { get; }

    /// <summary>Builds a record for one SPS and one PPS (4-byte NAL lengths).</summary>
    /// <exception cref="BitstreamException">The SPS does not parse.</exception>
    public static AvcDecoderConfigurationRecord Create(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
        => Create([sps.ToArray()], [pps.ToArray()]);

    /// <summary>Builds a record from SPS and PPS NAL units (raw, without start codes); the first SPS gives profile and level.</summary>
    /// <exception cref="BitstreamException">No SPS or PPS, too many, too long, or the first SPS does not parse.</exception>
    public static AvcDecoderConfigurationRecord Create(IReadOnlyList<byte[]> sps, IReadOnlyList<byte[]> pps)
    {
        if (sps.Count is 0 or > 31) throw new BitstreamException("avcC needs 1..31 SPS");
        if (pps.Count is 0 or > 255) throw new BitstreamException("avcC needs 1..255 PPS");
        foreach (var nal in sps.Concat(pps))
        {
            if (nal.Length is 0 or > ushort.MaxValue) throw new BitstreamException("parameter set length out of range");
        }
        var parsed = H264Sps.Parse(sps[0]);
        return new AvcDecoderConfigurationRecord(
            parsed.ProfileIdc, parsed.ConstraintFlags, parsed.LevelIdc, 4,
            sps.ToArray(), pps.ToArray(), parsed.ChromaFormatIdc, parsed.BitDepthLuma, parsed.BitDepthChroma);
    }

    /// <summary>True when the record carries the chroma/bit-depth extension (§5.3.3.1.2).</summary>
    public bool HasHighProfileExtension => ProfileIndication is 100 or 110 or 122 or 144;

    /// <summary>Serialized size in bytes.</summary>
    public int Size
    {
        get
        {
            int size = 7;
            foreach (var s in SequenceParameterSets) size += 2 + s.Length;
            foreach (var p in PictureParameterSets) size += 2 + p.Length;
            if (HasHighProfileExtension) size += 4;
            return size;
        }
    }

    /// <summary>Writes the record (the avcC box payload, without box header).</summary>
    public void Write(IBufferWriter<byte> output)
    {
        int size = Size;
        var span = output.GetSpan(size)[..size];
        span[0] = 1;
        span[1] = (byte)ProfileIndication;
        span[2] = (byte)ProfileCompatibility;
        span[3] = (byte)LevelIndication;
        span[4] = (byte)(0xFC | (NalUnitLengthSize - 1));
        span[5] = (byte)(0xE0 | SequenceParameterSets.Count);
        int offset = 6;
        foreach (var s in SequenceParameterSets) offset = WriteParameterSet(span, offset, s);
        span[offset++] = (byte)PictureParameterSets.Count;
        foreach (var p in PictureParameterSets) offset = WriteParameterSet(span, offset, p);
        if (HasHighProfileExtension)
        {
            span[offset++] = (byte)(0xFC | (ChromaFormat & 3));
            span[offset++] = (byte)(0xF8 | ((BitDepthLuma - 8) & 7));
            span[offset++] = (byte)(0xF8 | ((BitDepthChroma - 8) & 7));
            span[offset++] = 0; // numOfSequenceParameterSetExt
        }
        output.Advance(size);
    }

    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(Size);
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out AvcDecoderConfigurationRecord? record)
    {
        record = null;
        if (data.Length < 7 || data[0] != 1) return false;
        int lengthSize = (data[4] & 3) + 1;
        if (lengthSize == 3) return false; // only 1, 2 and 4 are defined
        int offset = 5;
        int spsCount = data[offset++] & 0x1F;
        var sps = new List<byte[]>(spsCount);
        for (int i = 0; i < spsCount; i++)
        {
            if (!TryReadParameterSet(data, ref offset, out var nal)) return false;
            sps.Add(nal);
        }
        if (offset >= data.Length) return false;
        int ppsCount = data[offset++];
        var pps = new List<byte[]>(ppsCount);
        for (int i = 0; i < ppsCount; i++)
        {
            if (!TryReadParameterSet(data, ref offset, out var nal)) return false;
            pps.Add(nal);
        }
        int profile = data[1];
        int chroma = 1, lumaDepth = 8, chromaDepth = 8;
        if (profile is 100 or 110 or 122 or 144 && data.Length - offset >= 4)
        {
            chroma = data[offset] & 3;
            lumaDepth = 8 + (data[offset + 1] & 7);
            chromaDepth = 8 + (data[offset + 2] & 7);
        }
        record = new AvcDecoderConfigurationRecord(profile, data[2], data[3], lengthSize, sps, pps, chroma, lumaDepth, chromaDepth);
        return true;
    }

    private static int WriteParameterSet(Span<byte> span, int offset, byte[] nal)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)nal.Length);
        nal.CopyTo(span[(offset + 2)..]);
        return offset + 2 + nal.Length;
    }

    private static bool TryReadParameterSet(ReadOnlySpan<byte> data, ref int offset, [NotNullWhen(true)] out byte[]? nal)
    {
        nal = null;
        if (data.Length - offset < 2) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        offset += 2;
        if (length == 0 || length > data.Length - offset) return false;
        nal = data.Slice(offset, length).ToArray();
        offset += length;
        return true;
    }
}
