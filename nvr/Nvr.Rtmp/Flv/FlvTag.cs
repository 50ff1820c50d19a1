namespace Nvr.Rtmp.Flv;

/// <summary>
/// One FLV tag as the muxer produces it: the tag body is <see cref="Prefix"/> (the few
/// codec-header bytes: sound/video flags, packet type, composition time) followed by
/// <see cref="Body"/> (the shared media payload, never copied). An RTMP message of type
/// <see cref="Type"/> carries exactly this body.
/// </summary>
/// <param name="Type">Tag type.</param>
/// <param name="Timestamp">Decode timestamp in milliseconds (32-bit: FLV's 24 bits plus the extension byte).</param>
/// <param name="Prefix">Codec header bytes.</param>
/// <param name="Body">Payload after the codec header.</param>
public readonly record struct FlvTag(FlvTagType Type, uint Timestamp, ReadOnlyMemory<byte> Prefix, ReadOnlyMemory<byte> Body)
{
    /// <summary>DataSize of the tag: prefix plus body.</summary>
    public int DataSize => Prefix.Length + Body.Length;

    /// <summary>The whole tag body in one array (tests, small tags).</summary>
    public byte[] ToArray() => [.. Prefix.Span, .. Body.Span];
}
