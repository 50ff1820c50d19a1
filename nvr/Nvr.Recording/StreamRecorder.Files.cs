using System.Buffers;
using LiteDB;
using Nvr.Media.Mp4;
using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Streaming.Events;

namespace Nvr.Recording;

public sealed partial class StreamRecorder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly long _syncInterval;
    private readonly long _indexInterval;
    private OpenSegment? _file;
    private TimeSpan _fileMedia;
    private SegmentRecord? _previous;

    /// <summary>The file being written.</summary>
    private sealed class OpenSegment(ISegmentFile file, string id, string directory, SegmentBuilder builder, bool synchronised, DateTime start, long now)
    {
        public ISegmentFile File { get; } = file;
        public string Id { get; } = id;
        public string Directory { get; } = directory;
        public SegmentBuilder Builder { get; } = builder;
        public bool Synchronised { get; } = synchronised;
        public DateTime Start { get; } = start;
        public long LastSync { get; set; } = now;
        public long LastIndexUpdate { get; set; } = now;
        public bool Dirty { get; set; }
    }

    /// <summary>Writes the committed units as a fragment (or, when <paramref name="final"/>, everything pending), opening a file if none is open.</summary>
    private void WriteFragment(bool final)
    {
        if (_writer is null) return;
        if (_file is null)
        {
            OpenFile(final);
            return;
        }
        _buffer.ResetWrittenCount();
        var fragment = final ? _writer.WriteFinalFragment(_buffer) : _writer.WriteFragment(_buffer);
        if (fragment is null) return;
        var file = _file;
        long offset = file.File.Length;
        try
        {
            file.File.Write(_buffer.WrittenSpan);
            file.Dirty = true;
            long now = _time.GetTimestamp();
            if (now - file.LastSync >= _syncInterval)
            {
                file.File.Flush();
                file.Dirty = false;
                file.LastSync = now;
            }
        }
        catch (IOException e)
        {
            OnWriteError(e, offset);
            return;
        }
        AddFragment(file.Builder, _buffer.WrittenSpan, offset);
        lock (_gate) _bytesWritten += _buffer.WrittenCount;
        long t = _time.GetTimestamp();
        if (t - file.LastIndexUpdate >= _indexInterval)
        {
            file.LastIndexUpdate = t;
            TryIndex(file.Builder.Build(file.File.Length, SegmentState.Open), null, null);
        }
    }

    /// <summary>
    /// Opens a file with its first fragment: init + Nvr header + fragment in one write, fsync of the
    /// file and its folder, then the open row (storage.md, "Write procedure" step 3).
    /// </summary>
    private void OpenFile(bool final)
    {
        var writer = _writer!;
        var init = new ArrayBufferWriter<byte>(2048);
        writer.WriteInitSegment(init);
        _buffer.ResetWrittenCount();
        var fragment = final ? writer.WriteFinalFragment(_buffer) : writer.WriteFragment(_buffer);
        if (fragment is null) return;
        writer.TryGetFileOrigin(_refTrackId, out long origin);
        bool synced = _clock.IsSynchronised;
        var header = new SegmentHeader
        {
            Flags = (synced ? SegmentFlags.ClockSynchronised : SegmentFlags.None) | _runFlags,
            StartReason = _nextReason,
            ReferenceTrackId = writer.ReferenceTrackId,
            RunId = _runId,
            AnchorWallTicks = _anchorWall,
            AnchorMedia = _anchorMedia,
            Origin = origin,
            Timescale = _refClock,
        };
        var parsedInit = Mp4Reader.Read(init.WrittenSpan).Init!;
        long fragmentOffset = init.WrittenCount + SegmentHeader.Size;
        var probe = new SegmentBuilder("", Camera, Stream, header, parsedInit);
        AddFragment(probe, _buffer.WrittenSpan, fragmentOffset);
        var start = probe.Build(fragmentOffset + _buffer.WrittenCount, SegmentState.Open)!.Start;

        var bytes = new byte[init.WrittenCount + SegmentHeader.Size + _buffer.WrittenCount];
        init.WrittenSpan.CopyTo(bytes);
        header.Write(bytes.AsSpan(init.WrittenCount));
        _buffer.WrittenSpan.CopyTo(bytes.AsSpan(init.WrittenCount + SegmentHeader.Size));

        string dayFolder = SegmentPath.ToFullPath(_options.RecordingsDir, SegmentPath.DayFolder(Camera, Stream, start));
        ISegmentFile? file = null;
        string? id = null;
        try
        {
            _files.CreateDirectory(dayFolder);
            for (int suffix = 1; file is null; suffix++)
            {
                if (suffix > SegmentPath.MaxSuffix) throw new IOException($"no free name for a segment starting {start:O}");
                id = SegmentPath.Format(Camera, Stream, start, suffix);
                var path = SegmentPath.ToFullPath(_options.RecordingsDir, id);
                if (File.Exists(path)) continue;
                try
                {
                    file = _files.CreateNew(path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Taken meanwhile: never overwrite, try the next suffix.
                }
            }
            file.Write(bytes);
            file.Flush();
            _files.SyncDirectory(dayFolder);
        }
        catch (IOException e)
        {
            // Less than one fragment reached the file: it goes, nothing is indexed.
            file?.Dispose();
            if (file is not null && id is not null) TryDelete(SegmentPath.ToFullPath(_options.RecordingsDir, id));
            OnWriteError(e, null);
            return;
        }

        var builder = new SegmentBuilder(id!, Camera, Stream, header, parsedInit);
        AddFragment(builder, _buffer.WrittenSpan, fragmentOffset);
        long now = _time.GetTimestamp();
        _file = new OpenSegment(file, id!, dayFolder, builder, synced, start, now);
        _fileMedia = TimeSpan.Zero;
        AddMedia(builder);
        var row = builder.Build(file.Length, SegmentState.Open)!;
        var gap = _previous is null ? null : GapRecord.Between(_previous, row);
        TryIndex(row, builder.Entries, gap);
        lock (_gate)
        {
            _bytesWritten += bytes.Length;
        }
        if (gap is not null)
        {
            _events?.Publish(new RecordingGap(_time.GetUtcNow(), Camera, Stream, gap.Start, gap.End, gap.ReasonName));
        }
        _nextReason = SegmentStartReason.Continuation;
        CheckFreeSpace();
    }

    /// <summary>fsync file, close, fsync folder, final row (storage.md, "Write procedure" step 5).</summary>
    private void CloseFile()
    {
        var file = _file!;
        try
        {
            file.File.Flush();
        }
        catch (IOException e)
        {
            OnWriteError(e, null);
            return;
        }
        _file = null;
        file.File.Dispose();
        try
        {
            _files.SyncDirectory(file.Directory);
        }
        catch (IOException e)
        {
            lock (_gate) _lastError = "fsync of the folder failed: " + e.Message; // the data itself is durable
        }
        Finish(file, file.File.Length);
    }

    private void Finish(OpenSegment file, long length)
    {
        var row = file.Builder.Build(length, SegmentState.Final);
        if (row is null) return;
        TryIndex(row, file.Builder.Entries, null);
        _previous = row;
        _highWater = Math.Max(_highWater, row.EndTicks);
        lock (_gate) _segmentsWritten++;
    }

    /// <summary>
    /// A write or fsync failed (ENOSPC, EIO): cut the file back to its last whole fragment, make that
    /// durable, finalise the row, end the run and pause (storage.md, "Disk-full while writing").
    /// </summary>
    private void OnWriteError(IOException error, long? goodLength)
    {
        var file = _file;
        _file = null;
        if (file is not null)
        {
            long length = goodLength ?? file.Builder.CompleteEnd;
            try
            {
                file.File.Truncate(length);
                file.File.Flush();
            }
            catch (IOException)
            {
                // Recovery cuts the torn tail at the next start.
            }
            file.File.Dispose();
            try
            {
                _files.SyncDirectory(file.Directory);
            }
            catch (IOException)
            {
            }
            Finish(file, length);
        }
        _writer = null;
        _description = null;
        _anchored = false;
        lock (_gate) _writeErrors++;
        bool full = IsDiskFull(error);
        Pause(full ? SegmentStartReason.DiskFull : SegmentStartReason.WriteError, full ? "disk_full" : "write_error", error.Message);
        Wake();
    }

    private void AddFragment(SegmentBuilder builder, ReadOnlySpan<byte> bytes, long offset)
    {
        var read = Mp4Reader.ReadFragments(bytes, offset, builder.Init);
        foreach (var f in read.Fragments)
        {
            if (builder.Add(f) && ReferenceEquals(builder, _file?.Builder)) AddMedia(builder);
        }
    }

    private void AddMedia(SegmentBuilder builder)
    {
        var e = builder.Entries[^1];
        _fileMedia += TimeSpan.FromTicks((long)((Int128)e.Duration * TimeSpan.TicksPerSecond / _refClock));
    }

    private void TryIndex(SegmentRecord? row, IReadOnlyList<FragmentEntry>? fragments, GapRecord? gap)
    {
        if (row is null) return;
        try
        {
            _index.Upsert(row, fragments, gap);
        }
        catch (Exception e) when (e is LiteException or IOException)
        {
            // The index is a cache: recovery re-reads the file at the next start.
            lock (_gate)
            {
                _indexErrors++;
                _lastError = "index: " + e.Message;
            }
        }
    }

    private void CheckFreeSpace()
    {
        if (_freeSpace is null) return;
        try
        {
            var space = _freeSpace.GetFreeSpace(_options.RecordingsDir);
            // Below floor + one segment per stream: delete ahead now, so this file cannot push free space under the floor.
            if (space.FreeBytes < space.Floor(_options.MinFreeBytes, _options.MinFreePercent) + _storage.Headroom) _storage.RequestRetention();
        }
        catch (IOException)
        {
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _files.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>ENOSPC (28) or EDQUOT (122) on Linux; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException e) =>
        e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);
}
