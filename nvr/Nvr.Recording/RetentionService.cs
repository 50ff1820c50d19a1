using Nvr.Recording.Files;
using Nvr.Recording.Index;
using Nvr.Recording.Storage;
using Nvr.Streaming.Events;

namespace Nvr.Recording;

/// <summary>
/// Deletes recordings by the users' rules (nvr/design/storage.md, "Retention rules" and "Delete
/// procedure"): per camera max age and max bytes, then a global free-space floor, oldest first,
/// only rows in state final (never a file being written). Crash-safe: mark, unlink, fsync the
/// folder, drop the rows. Announces <see cref="RecordingsDeleted"/> and <see cref="DiskSpaceChanged"/>
/// on the event bus and pauses recording (<see cref="StorageState"/>) when the floor cannot be met.
/// </summary>
public sealed class RetentionService
{
    public const string ReasonMaxAge = "max_age";
    public const string ReasonMaxBytes = "max_bytes";
    public const string ReasonFreeSpace = "free_space";

    /// <summary>Headroom factor over the expected segment size (VBR scenes, segments running to the next keyframe).</summary>
    public const double HeadroomMargin = 1.25;

    private readonly RecordingOptions _options;
    private readonly RecordingIndex _index;
    private readonly EventBus? _events;
    private readonly TimeProvider _time;
    private readonly IFreeSpaceProvider? _freeSpace;
    private readonly StorageState _storage;
    private readonly ISegmentFileSystem _files;
    private readonly Lock _gate = new();
    private TaskCompletionSource _trigger = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool? _low;

    public RetentionService(RecordingOptions options, RecordingIndex index, EventBus? events = null, TimeProvider? time = null,
        IFreeSpaceProvider? freeSpace = null, StorageState? storage = null, ISegmentFileSystem? files = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        options.Validate();
        _options = options;
        _index = index;
        _events = events;
        _time = time ?? TimeProvider.System;
        _freeSpace = freeSpace;
        _storage = storage ?? new StorageState();
        _files = files ?? SegmentFileSystem.Instance;
    }

    public StorageState Storage => _storage;

    /// <summary>Asks for a pass now (low space, ENOSPC). Never blocks.</summary>
    public void Trigger()
    {
        lock (_gate) _trigger.TrySetResult();
    }

    /// <summary>
    /// Runs a pass at once, then every <see cref="RecordingOptions.RetentionInterval"/>, checks free
    /// space every <see cref="RecordingOptions.FreeSpaceCheckInterval"/> and runs at once when
    /// triggered. Returns when cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _storage.SetRetentionTrigger(Trigger);
        try
        {
            long lastFull = long.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                Task trigger;
                lock (_gate)
                {
                    if (_trigger.Task.IsCompleted) _trigger = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    trigger = _trigger.Task;
                }
                long now = _time.GetTimestamp();
                if (lastFull == long.MinValue || _time.GetElapsedTime(lastFull, now) >= _options.RetentionInterval)
                {
                    lastFull = now;
                    RunOnce();
                }
                else
                {
                    RunOnce(freeSpaceOnly: true);
                }
                var wait = _options.FreeSpaceCheckInterval < _options.RetentionInterval ? _options.FreeSpaceCheckInterval : _options.RetentionInterval;
                await Task.WhenAny(trigger, Task.Delay(wait, _time, cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _storage.SetRetentionTrigger(null);
        }
    }

    /// <summary>One pass: age, bytes, then the free-space floor (only the floor with <paramref name="freeSpaceOnly"/>).</summary>
    public RetentionResult RunOnce(bool freeSpaceOnly = false)
    {
        var deleted = new List<RetentionDeletion>();
        if (!freeSpaceOnly)
        {
            long now = _time.GetUtcNow().UtcTicks;
            foreach (var camera in _index.Streams().Select(s => s.Camera).Distinct(StringComparer.Ordinal).ToList())
            {
                var policy = _options.RetentionFor(camera);
                var rows = _index.CameraSegments(camera).Where(s => s.State != SegmentState.Deleting).ToList();
                if (policy.MaxAgeDays > 0)
                {
                    long cutoff = now - TimeSpan.FromDays(policy.MaxAgeDays).Ticks;
                    var old = rows.Where(s => s.State == SegmentState.Final && s.EndTicks <= cutoff).ToList();
                    Delete(old, ReasonMaxAge, deleted);
                    rows = rows.Except(old).ToList();
                }
                if (policy.MaxBytes > 0)
                {
                    long total = rows.Sum(s => s.Bytes);
                    var victims = new List<SegmentRecord>();
                    foreach (var s in rows)
                    {
                        if (total <= policy.MaxBytes) break;
                        if (s.State != SegmentState.Final) continue;
                        victims.Add(s);
                        total -= s.Bytes;
                    }
                    Delete(victims, ReasonMaxBytes, deleted);
                }
            }
        }
        var (space, met) = EnforceFloor(deleted);
        return new RetentionResult(deleted, space, met);
    }

    private (FreeSpace? Space, bool Met) EnforceFloor(List<RetentionDeletion> deleted)
    {
        if (_freeSpace is null) return (null, true);
        FreeSpace space;
        try
        {
            space = _freeSpace.GetFreeSpace(_options.RecordingsDir);
        }
        catch (IOException)
        {
            return (null, true);
        }
        long floor = space.Floor(_options.MinFreeBytes, _options.MinFreePercent);
        long headroom = Math.Min(ExpectedSegmentBytes(), Math.Max(0, space.TotalBytes - floor) / 2);
        _storage.Headroom = headroom;
        if (space.FreeBytes < floor) AnnounceLow(true, space, floor);
        // Delete ahead: keep one segment's worth per recording stream above the floor, so the
        // files being written between two checks never take free space below the floor.
        while (space.FreeBytes < floor + headroom)
        {
            var candidates = _index.All().Where(s => s.State == SegmentState.Final).ToList();
            if (candidates.Count == 0)
            {
                if (space.FreeBytes >= floor) break; // the floor holds; only the headroom is short
                _storage.Pause($"free space {space.FreeBytes} B below the floor {floor} B and no recording left to delete");
                return (space, false);
            }
            long need = floor + headroom - space.FreeBytes;
            var batch = new List<SegmentRecord>();
            long freed = 0;
            foreach (var s in candidates)
            {
                batch.Add(s);
                freed += s.Bytes;
                if (freed >= need) break;
            }
            Delete(batch, ReasonFreeSpace, deleted);
            try
            {
                space = _freeSpace.GetFreeSpace(_options.RecordingsDir);
            }
            catch (IOException)
            {
                return (null, true);
            }
            floor = space.Floor(_options.MinFreeBytes, _options.MinFreePercent);
        }
        AnnounceLow(false, space, floor);
        _storage.Resume();
        return (space, true);
    }

    /// <summary>
    /// The bytes the streams being recorded are expected to write in one segment each: per stream
    /// with an open file or one that ended within two segment lengths, the larger of its newest
    /// three final segments' biggest size and highest byte rate × the segment duration (a file
    /// runs on to the next keyframe), plus a quarter for scenes that cost more bits.
    /// </summary>
    private long ExpectedSegmentBytes()
    {
        long now = _time.GetUtcNow().UtcTicks;
        long recent = 2 * _options.SegmentDuration.Ticks;
        double total = 0;
        foreach (var (camera, stream) in _index.Streams())
        {
            var newest = _index.Newest(camera, stream, 4);
            if (newest.Count == 0) continue;
            if (newest[0].State != SegmentState.Open && newest[0].EndTicks < now - recent) continue;
            double expected = 0;
            foreach (var s in newest.Where(s => s.State == SegmentState.Final).Take(3))
            {
                expected = Math.Max(expected, s.Bytes);
                if (s.EndTicks - s.StartTicks < TimeSpan.TicksPerSecond / 2) continue;
                expected = Math.Max(expected, s.Bytes / TimeSpan.FromTicks(s.EndTicks - s.StartTicks).TotalSeconds * _options.SegmentDuration.TotalSeconds);
            }
            total += expected * HeadroomMargin;
        }
        return (long)Math.Ceiling(total);
    }

    private void AnnounceLow(bool low, FreeSpace space, long floor)
    {
        lock (_gate)
        {
            if (_low == low || (_low is null && !low)) { _low = low; return; }
            _low = low;
        }
        _events?.Publish(new DiskSpaceChanged(_time.GetUtcNow(), low, space.TotalBytes, space.FreeBytes, floor));
    }

    /// <summary>Mark, unlink, fsync folders, drop rows; then announce per camera/stream.</summary>
    private void Delete(List<SegmentRecord> victims, string reason, List<RetentionDeletion> deleted)
    {
        if (victims.Count == 0) return;
        var ids = victims.Select(v => v.Id).ToList();
        _index.SetState(ids, SegmentState.Deleting);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var v in victims)
        {
            var path = SegmentPath.ToFullPath(_options.RecordingsDir, v.Id);
            _files.Delete(path);
            folders.Add(Path.GetDirectoryName(path)!);
        }
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) continue;
            _files.SyncDirectory(folder);
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
                _files.SyncDirectory(Path.GetDirectoryName(folder)!);
            }
        }
        _index.Remove(ids);
        foreach (var group in victims.GroupBy(v => (v.Camera, v.Stream)))
        {
            var oldest = _index.First(group.Key.Camera, group.Key.Stream);
            _index.RemoveGapsBefore(group.Key.Camera, group.Key.Stream, oldest?.StartTicks ?? long.MaxValue);
            _events?.Publish(new RecordingsDeleted(_time.GetUtcNow(), group.Key.Camera, group.Key.Stream,
                group.Min(v => v.Start), group.Max(v => v.End), group.Count(), group.Sum(v => v.Bytes), reason));
        }
        deleted.AddRange(victims.Select(v => new RetentionDeletion(v, reason)));
    }
}
