namespace Nvr.Media.Codecs;

/// <summary>What a depacketizer needs to know about one NAL unit, from its header and first bytes.</summary>
/// <param name="Drop">Leave it out of the access unit (access unit delimiters).</param>
/// <param name="Vcl">A coded slice (segment) of a picture.</param>
/// <param name="Keyframe">An IDR (H.264) or IRAP (H.265) slice.</param>
/// <param name="FirstSliceInPicture">
/// For VCL NAL units: the first slice of a picture (H.264 first_mb_in_slice = 0, H.265
/// first_slice_segment_in_pic_flag = 1), or not enough bytes to tell.
/// </param>
/// <param name="ParameterSetSlot">0 = VPS, 1 = SPS, 2 = PPS, −1 = not a parameter set.</param>
/// <param name="StartsAccessUnit">
/// A non-VCL NAL unit that, after a slice, can only belong to the next access unit (H.264
/// §7.4.1.2.3: AUD, SEI; H.265 §7.4.2.4.4: AUD).
/// </param>
internal readonly record struct NalUnitKind(bool Drop, bool Vcl, bool Keyframe, bool FirstSliceInPicture, int ParameterSetSlot, bool StartsAccessUnit = false)
{
    public const int Vps = 0;
    public const int Sps = 1;
    public const int Pps = 2;
    public const int None = -1;

    public static NalUnitKind Other => new(false, false, false, false, None);
    public static NalUnitKind Dropped => new(true, false, false, false, None);
    public static NalUnitKind ParameterSet(int slot) => new(false, false, false, false, slot);

    public NalUnitKind StartingAccessUnit() => this with { StartsAccessUnit = true };
    public static NalUnitKind Slice(bool keyframe, bool firstInPicture) => new(false, true, keyframe, firstInPicture, None);
}
