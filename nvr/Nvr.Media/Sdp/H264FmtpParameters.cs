using System.Globalization;

namespace Nvr.Media.Sdp;

/// <summary>
/// H.264 fmtp parameters (RFC 6184 §8.1): <c>packetization-mode</c>, <c>profile-level-id</c>,
/// <c>sprop-parameter-sets</c>.
/// </summary>
public sealed record H264FmtpParameters
{
    /// <summary>0 single NAL, 1 non-interleaved (what cameras send), 2 interleaved. 0 when absent (RFC 6184 §8.1).</summary>
    public int PacketizationMode { get; init; }
    /// <summary>profile_idc from <c>profile-level-id</c>; null when absent or malformed.</summary>
    public int? ProfileIdc { get; init; }
    /// <summary>profile-iop (constraint flags) from <c>profile-level-id</c>; null when absent.</summary>
    public int? ProfileIop { get; init; }
    /// <summary>level_idc from <c>profile-level-id</c>; null when absent.</summary>
    public int? LevelIdc { get; init; }
    /// <summary>First SPS (NAL type 7) of <c>sprop-parameter-sets</c>, raw, or null.</summary>
    public byte[]? Sps { get; init; }
    /// <summary>First PPS (NAL type 8) of <c>sprop-parameter-sets</c>, raw, or null.</summary>
    public byte[]? Pps { get; init; }

    /// <summary>Reads the parameters of <paramref name="fmtp"/> (null → all defaults). Never throws.</summary>
    /// <remarks>
    /// Parameter sets are classified by NAL unit type, not by position (RFC 6184 §8.1 allows any number
    /// of them in any order), and a malformed entry is skipped rather than failing the track.
    /// Tolerance (Hikvision): <c>profile-level-id=420029</c> advertised while the SPS is Main profile;
    /// <see cref="SdpTrackMapper"/> prefers the SPS bytes.
    /// </remarks>
    public static H264FmtpParameters Parse(SdpFmtp? fmtp)
    {
        if (fmtp is null) return new H264FmtpParameters();
        byte[]? sps = null, pps = null;
        var sprop = fmtp["sprop-parameter-sets"];
        if (sprop is not null)
        {
            foreach (var r in sprop.AsSpan().Split(','))
            {
                var nal = SdpBase64.Decode(sprop.AsSpan()[r]);
                if (nal is null || nal.Length < 2) continue;
                int type = nal[0] & 0x1F;
                if (type == 7) sps ??= nal;
                else if (type == 8) pps ??= nal;
            }
        }
        int? profile = null, iop = null, level = null;
        var pli = fmtp["profile-level-id"];
        if (pli is not null && pli.Length == 6 && int.TryParse(pli, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
        {
            profile = v >> 16;
            iop = (v >> 8) & 0xFF;
            level = v & 0xFF;
        }
        return new H264FmtpParameters
        {
            PacketizationMode = fmtp.GetInt("packetization-mode") ?? 0,
            ProfileIdc = profile,
            ProfileIop = iop,
            LevelIdc = level,
            Sps = sps,
            Pps = pps,
        };
    }
}
