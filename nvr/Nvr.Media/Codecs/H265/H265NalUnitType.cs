namespace Nvr.Media.Codecs.H265;

/// <summary>
/// nal_unit_type values (ITU-T H.265 Table 7-1) and the RTP payload structure types that use the
/// unspecified range 48–63 (RFC 7798 §4.4).
/// </summary>
public enum H265NalUnitType : byte
{
    TrailN = 0,
    TrailR = 1,
    TsaN = 2,
    TsaR = 3,
    StsaN = 4,
    StsaR = 5,
    RadlN = 6,
    RadlR = 7,
    RaslN = 8,
    RaslR = 9,
    /// <summary>Broken link access (IRAP).</summary>
    BlaWLp = 16,
    BlaWRadl = 17,
    BlaNLp = 18,
    /// <summary>Instantaneous decoding refresh (IRAP).</summary>
    IdrWRadl = 19,
    IdrNLp = 20,
    /// <summary>Clean random access (IRAP).</summary>
    CraNut = 21,
    /// <summary>Reserved IRAP types 22 and 23.</summary>
    RsvIrapVcl22 = 22,
    RsvIrapVcl23 = 23,
    /// <summary>Video parameter set.</summary>
    Vps = 32,
    /// <summary>Sequence parameter set.</summary>
    Sps = 33,
    /// <summary>Picture parameter set.</summary>
    Pps = 34,
    /// <summary>Access unit delimiter.</summary>
    AccessUnitDelimiter = 35,
    EndOfSequence = 36,
    EndOfBitstream = 37,
    FillerData = 38,
    PrefixSei = 39,
    SuffixSei = 40,

    /// <summary>RTP aggregation packet (RFC 7798 §4.4.2).</summary>
    AggregationPacket = 48,
    /// <summary>RTP fragmentation unit (RFC 7798 §4.4.3).</summary>
    FragmentationUnit = 49,
    /// <summary>RTP PACI packet (RFC 7798 §4.4.4), not supported.</summary>
    Paci = 50,
}
