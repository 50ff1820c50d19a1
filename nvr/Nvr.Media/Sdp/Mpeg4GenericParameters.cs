namespace Nvr.Media.Sdp;

/// <summary>
/// fmtp parameters of <c>mpeg4-generic</c> (RFC 3640 §4.1), as used for AAC (AAC-hbr / AAC-lbr).
/// </summary>
public sealed record Mpeg4GenericParameters
{
    /// <summary><c>mode</c>, e.g. "AAC-hbr"; null when absent.</summary>
    public string? Mode { get; init; }
    /// <summary><c>streamtype</c>; 5 for audio.</summary>
    public int? StreamType { get; init; }
    /// <summary><c>config</c>: the AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), decoded from hex.</summary>
    public byte[]? Config { get; init; }
    /// <summary>Bits of the AU-size field; 0 when absent (then there is no AU header section).</summary>
    public int SizeLength { get; init; }
    public int IndexLength { get; init; }
    public int IndexDeltaLength { get; init; }
    public int CtsDeltaLength { get; init; }
    public int DtsDeltaLength { get; init; }
    /// <summary><c>profile-level-id</c> (decimal); null when absent.</summary>
    public int? ProfileLevelId { get; init; }

    /// <summary>Reads the parameters of <paramref name="fmtp"/> (null → all defaults). Never throws.</summary>
    /// <remarks>
    /// Names are case-insensitive (RFC 3640 §4.1): the "CV-RTSPHandler" server (go2rtc TestBugSDP5) sends <c>sizeLength</c>,
    /// <c>indexDeltalength</c>. Reolink ends the list with <c>config=1408;</c>. Field lengths above 32 bits
    /// are rejected (treated as absent) so a depacketizer never shifts past an int.
    /// </remarks>
    public static Mpeg4GenericParameters Parse(SdpFmtp? fmtp)
    {
        if (fmtp is null) return new Mpeg4GenericParameters();
        return new Mpeg4GenericParameters
        {
            Mode = fmtp["mode"],
            StreamType = fmtp.GetInt("streamtype"),
            Config = fmtp["config"] is string c ? SdpBase64.DecodeHex(c) : null,
            SizeLength = Bits(fmtp.GetInt("sizelength")),
            IndexLength = Bits(fmtp.GetInt("indexlength")),
            IndexDeltaLength = Bits(fmtp.GetInt("indexdeltalength")),
            CtsDeltaLength = Bits(fmtp.GetInt("ctsdeltalength")),
            DtsDeltaLength = Bits(fmtp.GetInt("dtsdeltalength")),
            ProfileLevelId = fmtp.GetInt("profile-level-id"),
        };
    }

    private static int Bits(int? v) => v is int i && i <= 32 ? i : 0;
}
