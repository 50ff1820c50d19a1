namespace Nvr.Recording.Index;

/// <summary>Life of a segment row (nvr/design/storage.md).</summary>
public enum SegmentState
{
    /// <summary>The file is being written (or was, when the process died): recovery scans it.</summary>
    Open = 0,
    /// <summary>The file was closed and fsynced (file and directory) at the length the row says.</summary>
    Final = 1,
    /// <summary>Retention decided to delete it; the file may already be gone.</summary>
    Deleting = 2,
}
