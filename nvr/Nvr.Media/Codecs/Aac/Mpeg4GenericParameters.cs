namespace Nvr.Media.Codecs.Aac;

/// <summary>
/// The fmtp parameters of an RTP mpeg4-generic stream (RFC 3640 §4.1) that shape the AU header
/// section. Defaults are mode AAC-hbr (§3.3.6): sizeLength=13, indexLength=3,
/// indexDeltaLength=3, everything else absent. All lengths are in bits.
/// </summary>
public sealed record Mpeg4GenericParameters
{
    /// <summary>Largest field width accepted; RFC 3640 fields are at most 32 bits in practice.</summary>
    public const int MaxFieldLength = 32;

    public int SizeLength { get; init; } = 13;
    public int IndexLength { get; init; } = 3;
    public int IndexDeltaLength { get; init; } = 3;
    public int CtsDeltaLength { get; init; }
    public int DtsDeltaLength { get; init; }
    /// <summary>randomAccessIndication=1: each AU header has a RAP-flag bit.</summary>
    public bool RandomAccessIndication { get; init; }
    /// <summary>streamStateIndication: width of the stream-state field.</summary>
    public int StreamStateIndication { get; init; }
    /// <summary>auxiliaryDataSizeLength: width of the auxiliary-data-size field, 0 when absent.</summary>
    public int AuxiliaryDataSizeLength { get; init; }
    /// <summary>constantSize: AU size when <see cref="SizeLength"/> is 0.</summary>
    public int ConstantSize { get; init; }

    /// <summary>Mode AAC-hbr, the one every camera uses.</summary>
    public static Mpeg4GenericParameters AacHbr { get; } = new();

    /// <summary>Mode AAC-lbr (§3.3.5): sizeLength=6, indexLength=2, indexDeltaLength=2.</summary>
    public static Mpeg4GenericParameters AacLbr { get; } = new() { SizeLength = 6, IndexLength = 2, IndexDeltaLength = 2 };

    /// <summary>True when every width is in 0..<see cref="MaxFieldLength"/> and sizes can be known.</summary>
    public bool IsValid =>
        InRange(SizeLength) && InRange(IndexLength) && InRange(IndexDeltaLength) && InRange(CtsDeltaLength)
        && InRange(DtsDeltaLength) && InRange(StreamStateIndication) && InRange(AuxiliaryDataSizeLength)
        && ConstantSize >= 0;

    /// <summary>Any field configured: then each packet starts with AU-headers-length (§3.2.1).</summary>
    internal bool HasAuHeaders =>
        SizeLength > 0 || IndexLength > 0 || IndexDeltaLength > 0 || CtsDeltaLength > 0 || DtsDeltaLength > 0
        || RandomAccessIndication || StreamStateIndication > 0;

    private static bool InRange(int bits) => bits is >= 0 and <= MaxFieldLength;
}
