namespace Nvr.Media.Codecs.H264;

/// <summary>
/// nal_unit_type values (ITU-T H.264 Table 7-1) and the RTP payload structure types that reuse the
/// same 5-bit field (RFC 6184 §5.2, Table 1).
/// </summary>
public enum H264NalUnitType : byte
{
    Unspecified = 0,
    /// <summary>Coded slice of a non-IDR picture.</summary>
    NonIdrSlice = 1,
    SliceDataPartitionA = 2,
    SliceDataPartitionB = 3,
    SliceDataPartitionC = 4,
    /// <summary>Coded slice of an IDR picture: a decoder can start here.</summary>
    IdrSlice = 5,
    /// <summary>Supplemental enhancement information.</summary>
    Sei = 6,
    /// <summary>Sequence parameter set.</summary>
    Sps = 7,
    /// <summary>Picture parameter set.</summary>
    Pps = 8,
    /// <summary>Access unit delimiter.</summary>
    AccessUnitDelimiter = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    FillerData = 12,
    SpsExtension = 13,
    Prefix = 14,
    SubsetSps = 15,
    AuxiliarySlice = 19,
    SliceExtension = 20,

    /// <summary>RTP single-time aggregation packet, type A (RFC 6184 §5.7.1).</summary>
    StapA = 24,
    /// <summary>RTP single-time aggregation packet, type B (interleaved mode only).</summary>
    StapB = 25,
    /// <summary>RTP multi-time aggregation packet, 16-bit offsets (interleaved mode only).</summary>
    Mtap16 = 26,
    /// <summary>RTP multi-time aggregation packet, 24-bit offsets (interleaved mode only).</summary>
    Mtap24 = 27,
    /// <summary>RTP fragmentation unit A (RFC 6184 §5.8).</summary>
    FuA = 28,
    /// <summary>RTP fragmentation unit B (interleaved mode only).</summary>
    FuB = 29,
}
