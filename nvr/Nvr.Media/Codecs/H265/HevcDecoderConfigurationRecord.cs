using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Nvr.Media.Codecs.H265;

/// <summary>
/// HEVCDecoderConfigurationRecord, the body of the <c>hvcC</c> box (ISO/IEC 14496-15 §8.3.3.1),
/// also the enhanced-RTMP HEVC sequence header. Built from VPS/SPS/PPS NAL units or parsed.
/// </summary>
/// <remarks>
/// <code>
///  configurationVersion = 1                                                  u8
///  general_profile_space u2 | general_tier_flag u1 | general_profile_idc u5  u8
///  general_profile_compatibility_flags                                       u32
///  general_constraint_indicator_flags                                        u48
///  general_level_idc                                                         u8
///  '1111'b | min_spatial_segmentation_idc u12                                u16
///  '111111'b | parallelismType u2                                            u8
///  '111111'b | chromaFormat u2                                               u8
///  '11111'b | bitDepthLumaMinus8 u3                                          u8
///  '11111'b | bitDepthChromaMinus8 u3                                        u8
///  avgFrameRate                                                              u16
///  constantFrameRate u2 | numTemporalLayers u3 | temporalIdNested u1 | lengthSizeMinusOne u2
///  numOfArrays                                                               u8
///  { array_completeness u1 | reserved 0 u1 | NAL_unit_type u6, numNalus u16,
///    { nalUnitLength u16, NAL unit } × numNalus } × numOfArrays
/// </code>
/// Built records have one array each for VPS, SPS and PPS with array_completeness = 1 (all
/// parameter sets are in the sample entry, as <c>hvc1</c> requires) and 4-byte NAL lengths.
/// Arrays of other NAL types (SEI) are skipped when parsing.
/// </remarks>
public sealed class HevcDecoderConfigurationRecord
{
    private const int HeaderSize = 23;

    private HevcDecoderConfigurationRecord()
    {
    }

    public int GeneralProfileSpace { get; private init; }
    public bool GeneralTierFlag { get; private init; }
    public int GeneralProfileIdc { get; private init; }
    public uint GeneralProfileCompatibilityFlags { get; private init; }
    public ulong GeneralConstraintIndicatorFlags { get; private init; }
    public int GeneralLevelIdc { get; private init; }
    public int ChromaFormat { get; private init; }
    public int BitDepthLuma { get; private init; }
    public int BitDepthChroma { get; private init; }
    public int NumTemporalLayers { get; private init; }
    public bool TemporalIdNested { get; private init; }
    /// <summary>lengthSizeMinusOne + 1: 1, 2 or 4.</summary>
    public int NalUnitLengthSize { get; private init; } = 4;
    public IReadOnlyList<byte[]> VideoParameterSets { get; private init; } = [];
    public IReadOnlyList<byte[]> SequenceParameterSets { get; private init; } = [];
    public IReadOnlyList<byte[]> PictureParameterSets { get; private init; } = [];

    /// <summary>Builds a record for one VPS, SPS and PPS.</summary>
    /// <exception cref="BitstreamException">The SPS does not parse.</exception>
    public static HevcDecoderConfigurationRecord Create(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
        => Create([vps.ToArray()], [sps.ToArray()], [pps.ToArray()]);

    /// <summary>Builds a record from raw VPS, SPS and PPS NAL units; the first SPS gives profile, level and format.</summary>
    /// <exception cref="BitstreamException">A list is empty or too long, a NAL unit too long, or the first SPS does not parse.</exception>
    public static HevcDecoderConfigurationRecord Create(IReadOnlyList<byte[]> vps, IReadOnlyList<byte[]> sps, IReadOnlyList<byte[]> pps)
    {
        foreach (var list in new[] { vps, sps, pps })
        {
            if (list.Count is 0 or > ushort.MaxValue) throw new BitstreamException("hvcC needs at least one VPS, SPS and PPS");
            foreach (var nal in list)
            {
                if (nal.Length is 0 or > ushort.MaxValue) throw new BitstreamException("parameter set length out of range");
            }
        }
        var parsed = H265Sps.Parse(sps[0]);
        var ptl = parsed.ProfileTierLevel;
        return new HevcDecoderConfigurationRecord
        {
            GeneralProfileSpace = ptl.GeneralProfileSpace,
            GeneralTierFlag = ptl.GeneralTierFlag,
            GeneralProfileIdc = ptl.GeneralProfileIdc,
            GeneralProfileCompatibilityFlags = ptl.GeneralProfileCompatibilityFlags,
            GeneralConstraintIndicatorFlags = ptl.GeneralConstraintIndicatorFlags,
            GeneralLevelIdc = ptl.GeneralLevelIdc,
            ChromaFormat = parsed.ChromaFormatIdc,
            BitDepthLuma = parsed.BitDepthLuma,
            BitDepthChroma = parsed.BitDepthChroma,
            NumTemporalLayers = parsed.MaxSubLayers,
            TemporalIdNested = parsed.TemporalIdNesting,
            VideoParameterSets = vps.ToArray(),
            SequenceParameterSets = sps.ToArray(),
            PictureParameterSets = pps.ToArray(),
        };
    }

    /// <summary>Serialized size in bytes.</summary>
    public int Size
    {
        get
        {
            int size = HeaderSize;
            foreach (var list in new[] { VideoParameterSets, SequenceParameterSets, PictureParameterSets })
            {
                if (list.Count == 0) continue;
                size += 3;
                foreach (var nal in list) size += 2 + nal.Length;
            }
            return size;
        }
    }

    /// <summary>Writes the record (the hvcC box payload, without box header).</summary>
    public void Write(IBufferWriter<byte> output)
    {
        int size = Size;
        var span = output.GetSpan(size)[..size];
        span[0] = 1;
        span[1] = (byte)((GeneralProfileSpace << 6) | (GeneralTierFlag ? 0x20 : 0) | (GeneralProfileIdc & 0x1F));
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], GeneralProfileCompatibilityFlags);
        for (int i = 0; i < 6; i++) span[6 + i] = (byte)(GeneralConstraintIndicatorFlags >> (40 - 8 * i));
        span[12] = (byte)GeneralLevelIdc;
        span[13] = 0xF0; // reserved '1111', min_spatial_segmentation_idc = 0 (unknown)
        span[14] = 0x00;
        span[15] = 0xFC; // parallelismType = 0 (unknown)
        span[16] = (byte)(0xFC | (ChromaFormat & 3));
        span[17] = (byte)(0xF8 | ((BitDepthLuma - 8) & 7));
        span[18] = (byte)(0xF8 | ((BitDepthChroma - 8) & 7));
        span[19] = 0; // avgFrameRate = 0 (unspecified)
        span[20] = 0;
        span[21] = (byte)(((NumTemporalLayers & 7) << 3) | (TemporalIdNested ? 4 : 0) | ((NalUnitLengthSize - 1) & 3));
        int arrays = 0;
        int offset = HeaderSize;
        offset = WriteArray(span, offset, H265NalUnitType.Vps, VideoParameterSets, ref arrays);
        offset = WriteArray(span, offset, H265NalUnitType.Sps, SequenceParameterSets, ref arrays);
        WriteArray(span, offset, H265NalUnitType.Pps, PictureParameterSets, ref arrays);
        span[22] = (byte)arrays;
        output.Advance(size);
    }

    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(Size);
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 6381 codec string from the record's profile, tier and level, e.g. <c>hvc1.1.6.L120.90</c>.</summary>
    public string CodecString(string sampleEntry = "hvc1")
    {
        var ptl = H265ProfileTierLevel.FromGeneral(
            GeneralProfileSpace, GeneralTierFlag, GeneralProfileIdc, GeneralProfileCompatibilityFlags,
            GeneralConstraintIndicatorFlags, GeneralLevelIdc);
        return ptl.CodecString(sampleEntry);
    }

    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out HevcDecoderConfigurationRecord? record)
    {
        record = null;
        if (data.Length < HeaderSize || data[0] != 1) return false;
        int lengthSize = (data[21] & 3) + 1;
        if (lengthSize == 3) return false;
        var vps = new List<byte[]>();
        var sps = new List<byte[]>();
        var pps = new List<byte[]>();
        int arrays = data[22];
        int offset = HeaderSize;
        for (int a = 0; a < arrays; a++)
        {
            if (data.Length - offset < 3) return false;
            var type = (H265NalUnitType)(data[offset] & 0x3F);
            int count = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 1)..]);
            offset += 3;
            var target = type switch
            {
                H265NalUnitType.Vps => vps,
                H265NalUnitType.Sps => sps,
                H265NalUnitType.Pps => pps,
                _ => null,
            };
            for (int i = 0; i < count; i++)
            {
                if (data.Length - offset < 2) return false;
                int length = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
                offset += 2;
                if (length > data.Length - offset) return false;
                if (length > 0) target?.Add(data.Slice(offset, length).ToArray());
                offset += length;
            }
        }
        ulong constraints = 0;
        for (int i = 0; i < 6; i++) constraints = (constraints << 8) | data[6 + i];
        record = new HevcDecoderConfigurationRecord
        {
            GeneralProfileSpace = data[1] >> 6,
            GeneralTierFlag = (data[1] & 0x20) != 0,
            GeneralProfileIdc = data[1] & 0x1F,
            GeneralProfileCompatibilityFlags = BinaryPrimitives.ReadUInt32BigEndian(data[2..]),
            GeneralConstraintIndicatorFlags = constraints,
            GeneralLevelIdc = data[12],
            ChromaFormat = data[16] & 3,
            BitDepthLuma = 8 + (data[17] & 7),
            BitDepthChroma = 8 + (data[18] & 7),
            NumTemporalLayers = (data[21] >> 3) & 7,
            TemporalIdNested = (data[21] & 4) != 0,
            NalUnitLengthSize = lengthSize,
            VideoParameterSets = vps,
            SequenceParameterSets = sps,
            PictureParameterSets = pps,
        };
        return true;
    }

    private static int WriteArray(Span<byte> span, int offset, H265NalUnitType type, IReadOnlyList<byte[]> nalUnits, ref int arrays)
    {
        if (nalUnits.Count == 0) return offset;
        arrays++;
        span[offset] = (byte)(0x80 | (int)type); // array_completeness = 1
        BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 1)..], (ushort)nalUnits.Count);
        offset += 3;
        foreach (var nal in nalUnits)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)nal.Length);
            nal.CopyTo(span[(offset + 2)..]);
            offset += 2 + nal.Length;
        }
        return offset;
    }
}
