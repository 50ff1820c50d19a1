namespace Nvr.Media.Sdp;

/// <summary>
/// H.265 fmtp parameters (RFC 7798 §7.1): <c>sprop-vps</c>, <c>sprop-sps</c>, <c>sprop-pps</c>,
/// <c>profile-id</c>, <c>level-id</c>, <c>sprop-max-don-diff</c>.
/// </summary>
public sealed record H265FmtpParameters
{
    public byte[]? Vps { get; init; }
    public byte[]? Sps { get; init; }
    public byte[]? Pps { get; init; }
    /// <summary>general_profile_idc from <c>profile-id</c>; null when absent.</summary>
    public int? ProfileId { get; init; }
    /// <summary>general_level_idc from <c>level-id</c>; null when absent.</summary>
    public int? LevelId { get; init; }
    /// <summary><c>sprop-max-don-diff</c>; 0 (no DONL fields in the payload) when absent (RFC 7798 §7.1).</summary>
    public int MaxDonDiff { get; init; }

    /// <summary>Reads the parameters of <paramref name="fmtp"/> (null → all defaults). Never throws.</summary>
    /// <remarks>
    /// Each sprop may be a comma-separated list (RFC 7798 §7.1); the first entry of the right NAL
    /// type (VPS 32, SPS 33, PPS 34) is kept, wherever it appears (fixture <c>dahua.sdp</c> lists
    /// <c>profile-id</c> and the sprops in a non-canonical order).
    /// </remarks>
    public static H265FmtpParameters Parse(SdpFmtp? fmtp)
    {
        if (fmtp is null) return new H265FmtpParameters();
        return new H265FmtpParameters
        {
            Vps = First(fmtp["sprop-vps"], 32),
            Sps = First(fmtp["sprop-sps"], 33),
            Pps = First(fmtp["sprop-pps"], 34),
            ProfileId = fmtp.GetInt("profile-id"),
            LevelId = fmtp.GetInt("level-id"),
            MaxDonDiff = fmtp.GetInt("sprop-max-don-diff") ?? 0,
        };
    }

    private static byte[]? First(string? list, int nalType)
    {
        if (list is null) return null;
        foreach (var r in list.AsSpan().Split(','))
        {
            var nal = SdpBase64.Decode(list.AsSpan()[r]);
            if (nal is not null && nal.Length >= 3 && ((nal[0] >> 1) & 0x3F) == nalType) return nal;
        }
        return null;
    }
}
