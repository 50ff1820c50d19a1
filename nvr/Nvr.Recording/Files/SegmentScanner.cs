using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Nvr.Media.Mp4;
using Nvr.Recording.Index;

namespace Nvr.Recording.Files;

/// <summary>
/// Indexes a segment file from its own boxes and cuts a torn tail (nvr/design/storage.md,
/// "Recover procedure"). Reads only box headers, 'ftyp', 'moov', the Nvr 'uuid' header, 'prft' and
/// 'moof'; 'mdat' bodies are never read (<see cref="SparseSequence"/>), so a 60 s file costs ~180
/// small reads whatever its bitrate.
/// </summary>
/// <remarks>
/// Our files hold only ftyp, moov, uuid, prft, moof, mdat (and possibly free/skip): the walk stops
/// at any other box type or a size-0 box, which is what a torn or zero-filled tail looks like, and
/// the file is cut at the end of the last complete fragment. A file whose content is malformed
/// before its end is copied to <c>.damaged/</c> before it is cut, so no bytes are lost silently.
/// </remarks>
public static class SegmentScanner
{
    /// <summary>Folder under the recordings root where damaged files and tails are kept.</summary>
    public const string DamagedFolder = ".damaged";

    private const int MaxBoxRead = 8 * 1024 * 1024;

    /// <summary>
    /// Scans <paramref name="relative"/> under <paramref name="root"/>. With <paramref name="repair"/>
    /// a torn tail is truncated (and fsynced). Never throws for file content; I/O errors propagate.
    /// </summary>
    public static SegmentScanResult Scan(string root, string relative, bool repair, Mp4ReaderOptions? options = null)
    {
        var path = SegmentPath.ToFullPath(root, relative);
        if (!SegmentPath.TryParse(relative, out var camera, out var stream))
        {
            return new SegmentScanResult(SegmentScanStatus.Damaged, null, [], 0, 0, "not a segment path");
        }
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, repair ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new SegmentScanResult(SegmentScanStatus.Missing, null, [], 0, 0, "file not found");
        }
        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            var (sequence, header) = ReadSparse(handle, length);
            var read = Mp4Reader.Read(sequence.ToSequence(), options);
            if (read.Init is null || header is null)
            {
                return new SegmentScanResult(SegmentScanStatus.Damaged, null, [], length, 0, read.Init is null ? "no init segment" : "no Nvr header");
            }
            var builder = new SegmentBuilder(relative, camera, stream, header, read.Init);
            foreach (var f in read.Fragments) builder.Add(f); // a fragment without video is kept in the file, not in the table
            long end = read.Fragments.Count > 0 ? read.Fragments[^1].End : 0;
            var segment = builder.Build(end, SegmentState.Final);
            if (segment is null)
            {
                return new SegmentScanResult(SegmentScanStatus.Damaged, null, [], length, 0, "no complete fragment");
            }
            if (end == length)
            {
                return new SegmentScanResult(SegmentScanStatus.Complete, segment, builder.Entries, length, end, null);
            }
            if (!repair)
            {
                return new SegmentScanResult(SegmentScanStatus.Torn, segment, builder.Entries, length, end, read.Error ?? "data after the last fragment");
            }
            if (read.Status is Mp4ReadStatus.Malformed or Mp4ReadStatus.LimitExceeded) KeepCopy(root, relative, path);
            RandomAccess.SetLength(handle, end);
            RandomAccess.FlushToDisk(handle);
            return new SegmentScanResult(SegmentScanStatus.Repaired, segment, builder.Entries, length, end, read.Error ?? "data after the last fragment");
        }
    }

    /// <summary>Moves a file that holds less than one fragment to <c>.damaged/</c> (evidence is never deleted silently).</summary>
    public static string SetAside(string root, string relative)
    {
        var target = DamagedPath(root, relative, "");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(SegmentPath.ToFullPath(root, relative), target, overwrite: false);
        return target;
    }

    private static void KeepCopy(string root, string relative, string path)
    {
        var target = DamagedPath(root, relative, ".before-repair");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(path, target, overwrite: false);
    }

    private static string DamagedPath(string root, string relative, string tag)
    {
        var name = relative.Replace('/', '_');
        var target = Path.Combine(root, DamagedFolder, name + tag);
        for (int i = 2; File.Exists(target); i++) target = Path.Combine(root, DamagedFolder, $"{name}{tag}.{i}");
        return target;
    }

    private static (SparseSequence Sequence, SegmentHeader? Header) ReadSparse(SafeFileHandle handle, long length)
    {
        var sequence = new SparseSequence();
        SegmentHeader? header = null;
        Span<byte> h = stackalloc byte[16];
        long pos = 0;
        while (pos < length)
        {
            int n = RandomAccess.Read(handle, h[..(int)Math.Min(16, length - pos)], pos);
            if (n < 8) break;
            long size = BinaryPrimitives.ReadUInt32BigEndian(h);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(h[4..]);
            int headerSize = 8;
            if (size == 1)
            {
                if (n < 16) break;
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(h[8..]), long.MaxValue);
                headerSize = 16;
            }
            if (size < headerSize || !IsOurs(type)) break; // size 0, garbage or a zero-filled tail
            long available = Math.Min(size, length - pos);
            if (type == Mp4BoxType.Mdat || available > MaxBoxRead)
            {
                sequence.Add(h[..(int)Math.Min(headerSize, available)].ToArray());
                sequence.AddPlaceholder(available - Math.Min(headerSize, available));
            }
            else
            {
                var box = new byte[available];
                int got = RandomAccess.Read(handle, box, pos);
                if (got < available) break;
                sequence.Add(box);
                if (type == Mp4BoxType.Uuid && header is null && available == size && SegmentHeader.TryParse(box, out var parsed)) header = parsed;
            }
            if (available < size) break;
            pos += size;
        }
        return (sequence, header);
    }

    private static bool IsOurs(uint type) => type is Mp4BoxType.Ftyp or Mp4BoxType.Moov or Mp4BoxType.Moof or Mp4BoxType.Mdat or Mp4BoxType.Prft
        or Mp4BoxType.Uuid or Mp4BoxType.Free or Mp4BoxType.Skip;
}
