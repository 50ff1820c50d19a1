namespace Nvr.Rtmp.Flv;

/// <summary>FLV tag types (Adobe "Video File Format Specification" v10, Annex E.4.1); equal to the RTMP message type ids.</summary>
public enum FlvTagType : byte
{
    Audio = 8,
    Video = 9,
    Script = 18,
}
