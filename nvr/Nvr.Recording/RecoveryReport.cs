namespace Nvr.Recording;

/// <summary>What <see cref="RecoveryScanner.RunAsync"/> did.</summary>
public sealed record RecoveryReport(
    int FilesSeen,
    int FilesScanned,
    int FilesIndexed,
    int TailsTruncated,
    int FilesSetAside,
    int RowsRemoved,
    int DeletionsFinished,
    IReadOnlyList<string> SetAside);
