namespace Nvr.Media.Mp4;

/// <summary>
/// The body of the 'esds' box (ISO/IEC 14496-14 §5.6): an ES_Descriptor (ISO/IEC 14496-1
/// §7.2.6.5) carrying a DecoderConfigDescriptor (§7.2.6.6) whose DecoderSpecificInfo is the AAC
/// AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1).
/// </summary>
/// <remarks>
/// <code>
/// ES_Descriptor            tag 0x03, size (expandable, 7 bits a byte, MSB = more)
///   ES_ID (16) = 0 ("set to 0 as stored", ISO/IEC 14496-14 §3.1.2)
///   streamDependenceFlag (1) URL_Flag (1) OCRstreamFlag (1) streamPriority (5) = 0
///   DecoderConfigDescriptor  tag 0x04, size
///     objectTypeIndication (8) = 0x40 (MPEG-4 Audio)
///     streamType (6) = 0x05 (audio) | upStream (1) = 0 | reserved (1) = 1   -> 0x15
///     bufferSizeDB (24) | maxBitrate (32) | avgBitrate (32)                  = 0 (unknown)
///     DecoderSpecificInfo    tag 0x05, size
///       AudioSpecificConfig bytes
///   SLConfigDescriptor       tag 0x06, size 1
///     predefined (8) = 0x02 (reserved for use in MP4 files)
/// </code>
/// </remarks>
internal static class EsDescriptor
{
    private const byte EsDescrTag = 0x03;
    private const byte DecoderConfigDescrTag = 0x04;
    private const byte DecSpecificInfoTag = 0x05;
    private const byte SLConfigDescrTag = 0x06;
    public const byte ObjectTypeMpeg4Audio = 0x40;

    /// <summary>Writes the esds body after the FullBox header.</summary>
    public static void Write(Mp4BoxWriter w, ReadOnlySpan<byte> audioSpecificConfig)
    {
        if (audioSpecificConfig.Length is 0 or > 0xFFFF) throw new ArgumentException("AudioSpecificConfig must be 1..65535 bytes", nameof(audioSpecificConfig));
        int dsiSize = audioSpecificConfig.Length;
        int dcdSize = 13 + DescriptorSize(dsiSize);
        int esSize = 3 + DescriptorSize(dcdSize) + DescriptorSize(1);
        WriteTag(w, EsDescrTag, esSize);
        w.WriteUInt16(0); // ES_ID: 0 as stored in a file (ISO/IEC 14496-14 §3.1.2)
        w.WriteByte(0);
        WriteTag(w, DecoderConfigDescrTag, dcdSize);
        w.WriteByte(ObjectTypeMpeg4Audio);
        w.WriteByte(0x15);
        w.WriteUInt24(0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        WriteTag(w, DecSpecificInfoTag, dsiSize);
        w.WriteBytes(audioSpecificConfig);
        WriteTag(w, SLConfigDescrTag, 1);
        w.WriteByte(0x02);
    }

    /// <summary>Finds the DecoderSpecificInfo of an MPEG-4 audio DecoderConfigDescriptor.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out byte objectType, out byte[] decoderSpecificInfo)
    {
        objectType = 0;
        decoderSpecificInfo = [];
        if (!TryReadTag(body, out byte tag, out var es, out _) || tag != EsDescrTag || es.Length < 3) return false;
        byte flags = es[2];
        int pos = 3;
        if ((flags & 0x80) != 0) pos += 2;                      // dependsOn_ES_ID
        if ((flags & 0x40) != 0)                                // URL
        {
            if (pos >= es.Length) return false;
            pos += 1 + es[pos];
        }
        if ((flags & 0x20) != 0) pos += 2;                      // OCR_ES_Id
        if (pos > es.Length) return false;
        var rest = es[pos..];
        while (TryReadTag(rest, out tag, out var content, out int consumed))
        {
            if (tag == DecoderConfigDescrTag)
            {
                if (content.Length < 13) return false;
                objectType = content[0];
                var sub = content[13..];
                while (TryReadTag(sub, out byte subTag, out var subContent, out int subConsumed))
                {
                    if (subTag == DecSpecificInfoTag)
                    {
                        decoderSpecificInfo = subContent.ToArray();
                        return decoderSpecificInfo.Length > 0;
                    }
                    sub = sub[subConsumed..];
                }
                return false;
            }
            rest = rest[consumed..];
        }
        return false;
    }

    private static int DescriptorSize(int contentSize) => 1 + SizeFieldLength(contentSize) + contentSize;

    private static int SizeFieldLength(int size) => size < 0x80 ? 1 : size < 0x4000 ? 2 : size < 0x200000 ? 3 : 4;

    private static void WriteTag(Mp4BoxWriter w, byte tag, int size)
    {
        w.WriteByte(tag);
        int n = SizeFieldLength(size);
        for (int i = n - 1; i >= 0; i--)
        {
            byte b = (byte)((size >> (7 * i)) & 0x7F);
            w.WriteByte(i > 0 ? (byte)(b | 0x80) : b);
        }
    }

    private static bool TryReadTag(ReadOnlySpan<byte> data, out byte tag, out ReadOnlySpan<byte> content, out int consumed)
    {
        tag = 0;
        content = default;
        consumed = 0;
        if (data.Length < 2) return false;
        tag = data[0];
        int size = 0;
        int pos = 1;
        for (int i = 0; ; i++)
        {
            if (i == 4 || pos >= data.Length) return false; // at most 4 size bytes (28 bits)
            byte b = data[pos++];
            size = (size << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) break;
        }
        if (size > data.Length - pos) return false;
        content = data.Slice(pos, size);
        consumed = pos + size;
        return true;
    }
}
