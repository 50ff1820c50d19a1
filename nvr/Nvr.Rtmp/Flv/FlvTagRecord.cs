namespace Nvr.Rtmp.Flv;

/// <summary>One tag read from an FLV file or an RTMP aggregate message by <see cref="FlvReader"/>.</summary>
/// <param name="Type">Tag type (values outside <see cref="FlvTagType"/> are possible and should be skipped).</param>
/// <param name="Timestamp">Timestamp in milliseconds (24 bits plus the extension byte).</param>
/// <param name="Body">Tag data (a slice of the input, not copied).</param>
public readonly record struct FlvTagRecord(FlvTagType Type, uint Timestamp, ReadOnlyMemory<byte> Body);
