using System.Buffers.Binary;
using Nvr.Media.Rtp;

namespace Nvr.Media.Codecs.Mjpeg;

/// <summary>
/// Depacketizes RTP/JPEG (RFC 2435, static payload type 26) into complete JPEG images, rebuilding
/// the JFIF headers the camera left out (<see cref="JpegHeaderWriter"/>).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type-specific |              Fragment Offset                  |  §3.1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Type     |       Q       |     Width/8   |    Height/8   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Restart Interval        |F|L|       Restart Count       |  types 64-127 (§3.1.7)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      MBZ      |   Precision   |             Length            |  Q ≥ 128, offset 0 (§3.1.8)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Quantization Table Data                    |  Length bytes
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  entropy-coded scan data ...                  |
/// </code>
/// <para>A frame is the packets of one RTP timestamp; the marker bit ends it. Each packet's
/// fragment offset must equal the bytes collected so far, otherwise a packet was lost and the
/// frame is dropped (<see cref="RtpDepacketizer.UnitsDroppedForLoss"/>); so is a frame cut short by
/// a new timestamp. Types 0/1 (and 64/65 with restart markers) are supported: all common
/// cameras; other types are counted as malformed.</para>
/// <para>Q 1-99 selects the scaled standard tables (<see cref="JpegQuantizationTables"/>);
/// Q 128-255 carries tables in the first packet, and a Length of 0 reuses the tables last seen
/// with the same Q (§3.1.8). Q 0 and 100-127 are reserved (§3.1.4) and counted as malformed.
/// RFC 2435 codes dimensions in units of 8 pixels, so at most 2040×2040.</para>
/// </remarks>
public sealed class MjpegDepacketizer : RtpDepacketizer
{
    public const byte PayloadType = 26;
    /// <summary>A 1080p JPEG at high quality is well under 1 MiB; 4 MiB leaves room.</summary>
    public const int DefaultMaxJpegSize = 4 * 1024 * 1024;
    private const int MainHeaderSize = 8;

    private readonly Dictionary<int, (byte Precision, byte[] Tables)> _inBandTables = [];
    private readonly List<byte> _scan = [];
    private bool _collecting;
    private long _frameTimestamp;
    private int _frameType;
    private int _frameQ;
    private int _frameWidth;
    private int _frameHeight;
    private int _frameRestartInterval;
    private byte _framePrecision;
    private byte[]? _frameTables;
    private int _standardQ;
    private byte[]? _standardTables;
    private byte[]? _cachedHeader;
    private (int Type, int Width, int Height, int Restart, byte Precision, byte[] Tables) _cachedKey;

    public MjpegDepacketizer(int maxUnitSize = DefaultMaxJpegSize)
        : base(maxUnitSize)
    {
    }

    public override void Push(in RtpPacket packet, long timestamp, bool lossBefore, List<DepacketizedUnit> output)
    {
        if (lossBefore) Drop();
        var p = packet.Payload.Span;
        if (p.Length < MainHeaderSize)
        {
            Malformed();
            return;
        }
        int fragmentOffset = (p[1] << 16) | (p[2] << 8) | p[3];
        int type = p[4];
        int q = p[5];
        int width = p[6] * 8;
        int height = p[7] * 8;
        int pos = MainHeaderSize;
        int restartInterval = 0;
        if (type is >= 64 and <= 127)
        {
            if (p.Length < pos + 4)
            {
                Malformed();
                return;
            }
            restartInterval = BinaryPrimitives.ReadUInt16BigEndian(p[pos..]);
            pos += 4;
            type -= 64;
        }
        if (type > 1 || width == 0 || height == 0 || q == 0 || q is >= 100 and < 128)
        {
            Malformed();
            return;
        }

        if (_collecting && (timestamp != _frameTimestamp || fragmentOffset == 0)) Drop();

        if (fragmentOffset == 0)
        {
            byte precision = 0;
            byte[]? tables;
            if (q >= 128)
            {
                if (p.Length < pos + 4)
                {
                    Malformed();
                    return;
                }
                precision = p[pos + 1];
                int length = BinaryPrimitives.ReadUInt16BigEndian(p[(pos + 2)..]);
                pos += 4;
                if (p.Length < pos + length)
                {
                    Malformed();
                    return;
                }
                if (length == 0)
                {
                    if (!_inBandTables.TryGetValue(q, out var cached))
                    {
                        Malformed(); // tables announced as sent earlier, but never seen
                        return;
                    }
                    (precision, tables) = cached;
                }
                else
                {
                    if (length < JpegHeaderWriter.TableSize(precision, 0))
                    {
                        Malformed();
                        return;
                    }
                    tables = p.Slice(pos, length).ToArray();
                    _inBandTables[q] = (precision, tables); // at most 128 keys (Q 128-255)
                }
                pos += length;
            }
            else
            {
                tables = null; // standard tables, built when the frame completes
            }
            _collecting = true;
            _frameTimestamp = timestamp;
            _frameType = type;
            _frameQ = q;
            _frameWidth = width;
            _frameHeight = height;
            _frameRestartInterval = restartInterval;
            _framePrecision = precision;
            _frameTables = tables;
            _scan.Clear();
        }
        else if (!_collecting)
        {
            return; // the start of this frame was lost; already counted (or joined mid-frame)
        }
        else if (fragmentOffset != _scan.Count)
        {
            Drop();
            return;
        }

        var data = p[pos..];
        if (_scan.Count + data.Length > MaxUnitSize)
        {
            _collecting = false;
            _scan.Clear();
            UnitsDroppedOversize++;
            return;
        }
        _scan.AddRange(data);
        if (packet.Marker) Complete(output);
    }

    /// <summary>End of stream: a frame without its last packet is dropped.</summary>
    public override void Flush(List<DepacketizedUnit> output) => Drop();

    private void Complete(List<DepacketizedUnit> output)
    {
        _collecting = false;
        var tables = _frameTables ?? StandardTables(_frameQ);
        var key = (_frameType, _frameWidth, _frameHeight, _frameRestartInterval, _framePrecision, tables);
        if (_cachedHeader is null || !SameKey(_cachedKey, key))
        {
            _cachedHeader = JpegHeaderWriter.Create(_frameType, _frameWidth, _frameHeight, tables, _framePrecision, _frameRestartInterval);
            _cachedKey = key;
        }
        bool hasEoi = _scan.Count >= 2 && _scan[^2] == 0xFF && _scan[^1] == 0xD9;
        int size = _cachedHeader.Length + _scan.Count + (hasEoi ? 0 : 2);
        if (size > MaxUnitSize)
        {
            _scan.Clear();
            UnitsDroppedOversize++;
            return;
        }
        var jpeg = new byte[size];
        _cachedHeader.CopyTo(jpeg, 0);
        _scan.CopyTo(jpeg, _cachedHeader.Length);
        if (!hasEoi)
        {
            jpeg[^2] = 0xFF;
            jpeg[^1] = 0xD9;
        }
        _scan.Clear();
        output.Add(new DepacketizedUnit(_frameTimestamp, true, jpeg));
    }

    private byte[] StandardTables(int q)
    {
        if (_standardTables is null || _standardQ != q)
        {
            _standardTables = JpegQuantizationTables.ForQuality(q);
            _standardQ = q;
        }
        return _standardTables;
    }

    private static bool SameKey(
        (int Type, int Width, int Height, int Restart, byte Precision, byte[] Tables) a,
        (int Type, int Width, int Height, int Restart, byte Precision, byte[] Tables) b)
        => a.Type == b.Type && a.Width == b.Width && a.Height == b.Height && a.Restart == b.Restart
           && a.Precision == b.Precision && a.Tables.AsSpan().SequenceEqual(b.Tables);

    private void Drop()
    {
        if (!_collecting) return;
        _collecting = false;
        _scan.Clear();
        UnitsDroppedForLoss++;
    }

    private void Malformed() => PacketsMalformed++;
}
