namespace Nvr.Rtmp.Flv;

/// <summary>
/// Codec ids and packet types of FLV audio/video tag headers: Video File Format Specification v10
/// Annex E.4.2/E.4.3, and Enhanced RTMP v1 (Veovera, 2023) for the FourCC video header.
/// </summary>
/// <remarks>
/// <code>
/// audio   SoundFormat u4 | SoundRate u2 | SoundSize u1 | SoundType u1 | AAC: AACPacketType u8
/// video   FrameType u4 | CodecID u4 | AVC: AVCPacketType u8 | CompositionTime si24
/// ex-video IsExHeader u1 (1) | FrameType u3 | PacketType u4 | FourCC u32 |
///          CodedFrames: CompositionTime si24 | data
/// </code>
/// </remarks>
public static class FlvCodecIds
{
    public const int SoundFormatG711ALaw = 7;
    public const int SoundFormatG711MuLaw = 8;
    public const int SoundFormatAac = 10;

    public const int VideoCodecAvc = 7;
    /// <summary>
    /// Legacy, non-standard HEVC codec id 12 (Chinese CDN extension, used by SRS ≤ 5, patched
    /// FFmpeg builds and some OBS plugins). Accepted on publish, never sent.
    /// </summary>
    public const int VideoCodecHevcLegacy = 12;

    public const int FrameTypeKey = 1;
    public const int FrameTypeInter = 2;
    public const int FrameTypeCommand = 5;

    public const int AvcPacketSequenceHeader = 0;
    public const int AvcPacketNalu = 1;
    public const int AvcPacketEndOfSequence = 2;

    public const int ExHeaderBit = 0x80;
    public const int ExPacketSequenceStart = 0;
    public const int ExPacketCodedFrames = 1;
    public const int ExPacketSequenceEnd = 2;
    public const int ExPacketCodedFramesX = 3;
    public const int ExPacketMetadata = 4;

    /// <summary>FourCC 'hvc1' as a big-endian u32; also the onMetaData videocodecid for HEVC.</summary>
    public const uint FourCcHevc = 0x68766331;
    /// <summary>FourCC 'avc1' (Enhanced RTMP v2 senders may use it for H.264).</summary>
    public const uint FourCcAvc = 0x61766331;
}
