using System.Buffers.Binary;

namespace Nvr.Recording.Files;

/// <summary>
/// The Nvr segment header: a top-level 'uuid' box (ISO/IEC 14496-12 §4.2, §11.1 user extension
/// types) after 'moov' that makes a recorded file self-describing — its time anchor, why it
/// starts, and its flags. Every other reader (FFmpeg included) skips unknown uuid boxes.
/// Design: nvr/design/storage.md.
/// </summary>
/// <remarks>
/// <code>
/// size(32)=68 'uuid' extended_type(128) = 6e767273-6567-4d00-8000-6e7672736567
/// version(8)=1 flags(24)                   SegmentFlags
/// start_reason(8) reserved(8)=0 reference_track_id(16)
/// run_id(64)                               random per recorder run
/// anchor_wall_ticks(64)                    UTC ticks (100 ns since 0001-01-01) of stream DTS anchor_media
/// anchor_media(64)                         stream DTS of the reference track at the anchor (signed)
/// origin(64)                               stream DTS of the reference track at file time 0 (signed)
/// timescale(32)                            reference track clock rate (&gt; 0)
/// </code>
/// Later versions may append fields; a reader of version 1 ignores bytes past the ones above.
/// </remarks>
public sealed record SegmentHeader
{
    /// <summary>Size of a version-1 box, header included.</summary>
    public const int Size = 68;

    /// <summary>The extended type, "nvrseg" spelled into an RFC 4122 version-4-shaped UUID.</summary>
    public static ReadOnlySpan<byte> ExtendedType =>
        [0x6e, 0x76, 0x72, 0x73, 0x65, 0x67, 0x4d, 0x00, 0x80, 0x00, 0x6e, 0x76, 0x72, 0x73, 0x65, 0x67];

    private const uint UuidType = 0x75756964; // 'uuid'

    public required SegmentFlags Flags { get; init; }
    public required SegmentStartReason StartReason { get; init; }
    /// <summary>MP4 track_ID of the track whose timing the file's times refer to (video, else the first track).</summary>
    public required int ReferenceTrackId { get; init; }
    public required long RunId { get; init; }
    /// <summary>UTC ticks of stream DTS <see cref="AnchorMedia"/>.</summary>
    public required long AnchorWallTicks { get; init; }
    public required long AnchorMedia { get; init; }
    /// <summary>Stream DTS (reference clock) of file time 0: stream DTS = origin + tfdt.</summary>
    public required long Origin { get; init; }
    public required int Timescale { get; init; }

    /// <summary>UTC ticks of file time <paramref name="fileDts"/> on the reference track (floor to 100 ns).</summary>
    /// <exception cref="OverflowException">The time is outside <see cref="DateTime"/>'s range.</exception>
    public long WallTicks(long fileDts) =>
        TryWallTicks(fileDts, out var ticks) ? ticks : throw new OverflowException("segment time outside the DateTime range");

    /// <summary>UTC ticks of file time <paramref name="fileDts"/>; false when outside <see cref="DateTime"/>'s range.</summary>
    public bool TryWallTicks(long fileDts, out long ticks)
    {
        var t = AnchorWallTicks + FloorDiv(((Int128)Origin + fileDts - AnchorMedia) * TimeSpan.TicksPerSecond, Timescale);
        ticks = t >= 0 && t <= DateTime.MaxValue.Ticks ? (long)t : 0;
        return t >= 0 && t <= DateTime.MaxValue.Ticks;
    }

    /// <summary>Writes the box (<see cref="Size"/> bytes).</summary>
    public void Write(Span<byte> output)
    {
        if (output.Length < Size) throw new ArgumentException("output too small", nameof(output));
        BinaryPrimitives.WriteUInt32BigEndian(output, Size);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], UuidType);
        ExtendedType.CopyTo(output[8..]);
        var b = output[24..];
        BinaryPrimitives.WriteUInt32BigEndian(b, (1u << 24) | ((uint)Flags & 0xFFFFFF));
        b[4] = (byte)StartReason;
        b[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(b[6..], (ushort)ReferenceTrackId);
        BinaryPrimitives.WriteInt64BigEndian(b[8..], RunId);
        BinaryPrimitives.WriteInt64BigEndian(b[16..], AnchorWallTicks);
        BinaryPrimitives.WriteInt64BigEndian(b[24..], AnchorMedia);
        BinaryPrimitives.WriteInt64BigEndian(b[32..], Origin);
        BinaryPrimitives.WriteInt32BigEndian(b[40..], Timescale);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        Write(bytes);
        return bytes;
    }

    /// <summary>True when <paramref name="box"/> (a whole top-level box, header included) is 'uuid' with our extended type.</summary>
    public static bool IsHeaderBox(ReadOnlySpan<byte> box) =>
        box.Length >= 24 && BinaryPrimitives.ReadUInt32BigEndian(box[4..]) == UuidType && box.Slice(8, 16).SequenceEqual(ExtendedType);

    /// <summary>
    /// Parses a whole box. False for another box, a short or inconsistent one, version 0, a zero
    /// timescale or an anchor outside the representable dates. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> box, out SegmentHeader? header)
    {
        header = null;
        if (box.Length < Size || !IsHeaderBox(box)) return false;
        uint size = BinaryPrimitives.ReadUInt32BigEndian(box);
        if (size < Size || size > box.Length) return false;
        var b = box[24..];
        uint versionFlags = BinaryPrimitives.ReadUInt32BigEndian(b);
        if (versionFlags >> 24 == 0) return false;
        int timescale = BinaryPrimitives.ReadInt32BigEndian(b[40..]);
        long wall = BinaryPrimitives.ReadInt64BigEndian(b[16..]);
        if (timescale <= 0 || wall < 0 || wall > DateTime.MaxValue.Ticks) return false;
        header = new SegmentHeader
        {
            Flags = (SegmentFlags)(versionFlags & 0xFFFFFF),
            StartReason = (SegmentStartReason)b[4],
            ReferenceTrackId = BinaryPrimitives.ReadUInt16BigEndian(b[6..]),
            RunId = BinaryPrimitives.ReadInt64BigEndian(b[8..]),
            AnchorWallTicks = wall,
            AnchorMedia = BinaryPrimitives.ReadInt64BigEndian(b[24..]),
            Origin = BinaryPrimitives.ReadInt64BigEndian(b[32..]),
            Timescale = timescale,
        };
        return true;
    }

    internal static Int128 FloorDiv(Int128 a, long b)
    {
        var q = a / b;
        if (a % b != 0 && (a < 0) != (b < 0)) q--;
        return q;
    }
}
