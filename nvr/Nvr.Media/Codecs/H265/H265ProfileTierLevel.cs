namespace Nvr.Media.Codecs.H265;

/// <summary>
/// The general part of profile_tier_level() (ITU-T H.265 §7.3.3), shared by the VPS and the SPS.
/// Sub-layer profile and level information is read and skipped.
/// </summary>
/// <remarks>
/// <code>
///  general_profile_space u2 | general_tier_flag u1 | general_profile_idc u5
///  general_profile_compatibility_flag[32]                                      32 bits
///  progressive, interlaced, non_packed, frame_only flags + 43 + 1 bits         48 bits ("constraint indicator flags")
///  general_level_idc u8
///  sub_layer_profile_present_flag u1, sub_layer_level_present_flag u1   × maxNumSubLayersMinus1
///  reserved_zero_2bits × (8 − maxNumSubLayersMinus1)        (when maxNumSubLayersMinus1 &gt; 0)
///  per sub-layer: 88 bits of profile if present, 8 bits of level if present
/// </code>
/// </remarks>
public sealed class H265ProfileTierLevel
{
    private H265ProfileTierLevel()
    {
    }

    public int GeneralProfileSpace { get; private init; }
    /// <summary>False = Main tier, true = High tier.</summary>
    public bool GeneralTierFlag { get; private init; }
    /// <summary>1 = Main, 2 = Main 10, 3 = Main Still Picture, 4 = range extensions, …</summary>
    public int GeneralProfileIdc { get; private init; }
    /// <summary>general_profile_compatibility_flag[0..31], flag j in bit (31 − j).</summary>
    public uint GeneralProfileCompatibilityFlags { get; private init; }
    /// <summary>The 48 bits from general_progressive_source_flag on, as sent (hvcC general_constraint_indicator_flags).</summary>
    public ulong GeneralConstraintIndicatorFlags { get; private init; }
    /// <summary>general_level_idc: 30 × the level number (e.g. 120 = level 4).</summary>
    public int GeneralLevelIdc { get; private init; }

    internal static H265ProfileTierLevel FromGeneral(int space, bool tier, int profileIdc, uint compatibility, ulong constraints, int levelIdc)
        => new()
        {
            GeneralProfileSpace = space,
            GeneralTierFlag = tier,
            GeneralProfileIdc = profileIdc,
            GeneralProfileCompatibilityFlags = compatibility,
            GeneralConstraintIndicatorFlags = constraints,
            GeneralLevelIdc = levelIdc,
        };

    /// <summary>Reads profile_tier_level(1, <paramref name="maxNumSubLayersMinus1"/>).</summary>
    internal static H265ProfileTierLevel Read(ref BitReader r, int maxNumSubLayersMinus1)
    {
        int profileSpace = (int)r.ReadBits(2);
        bool tier = r.ReadBit();
        int profileIdc = (int)r.ReadBits(5);
        uint compatibility = r.ReadBits(32);
        ulong constraints = r.ReadBitsLong(48);
        int levelIdc = (int)r.ReadBits(8);

        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (int i = 0; i < maxNumSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadBit();
            levelPresent[i] = r.ReadBit();
        }
        if (maxNumSubLayersMinus1 > 0)
        {
            for (int i = maxNumSubLayersMinus1; i < 8; i++) r.Skip(2); // reserved_zero_2bits
        }
        for (int i = 0; i < maxNumSubLayersMinus1; i++)
        {
            if (profilePresent[i]) r.Skip(88);
            if (levelPresent[i]) r.Skip(8);
        }

        return FromGeneral(profileSpace, tier, profileIdc, compatibility, constraints, levelIdc);
    }

    /// <summary>
    /// RFC 6381 / ISO/IEC 14496-15 Annex E codec string, e.g. <c>hvc1.1.6.L120.B0</c>: profile space
    /// letter and profile idc, compatibility flags bit-reversed in hex, tier and level, constraint
    /// bytes in hex without trailing zero bytes.
    /// </summary>
    public string CodecString(string sampleEntry = "hvc1")
    {
        string space = GeneralProfileSpace switch { 1 => "A", 2 => "B", 3 => "C", _ => "" };
        uint reversed = 0;
        for (int i = 0; i < 32; i++)
        {
            if ((GeneralProfileCompatibilityFlags & (1u << i)) != 0) reversed |= 1u << (31 - i);
        }
        var text = $"{sampleEntry}.{space}{GeneralProfileIdc}.{reversed:X}.{(GeneralTierFlag ? 'H' : 'L')}{GeneralLevelIdc}";
        int lastNonZero = -1;
        Span<byte> bytes = stackalloc byte[6];
        for (int i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(GeneralConstraintIndicatorFlags >> (40 - 8 * i));
            if (bytes[i] != 0) lastNonZero = i;
        }
        for (int i = 0; i <= lastNonZero; i++) text += $".{bytes[i]:X}";
        return text;
    }
}
