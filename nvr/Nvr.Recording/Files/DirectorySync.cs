using System.Runtime.InteropServices;

namespace Nvr.Recording.Files;

/// <summary>
/// fsync(2) of a directory, so that a file's name (created, renamed or unlinked) survives a power
/// cut: <c>open(dir, O_RDONLY|O_CLOEXEC)</c> + <c>fsync</c> + <c>close</c> through
/// <c>LibraryImport</c> on libc (source-generated marshalling: AOT- and trim-safe). .NET has no
/// API for it: <c>FileStream</c> cannot open a directory. A no-op on non-Linux platforms.
/// </summary>
public static partial class DirectorySync
{
    private const int ORdOnly = 0;
    private const int OCloexec = 0x80000; // same value on x86-64 and AArch64 (asm-generic)

    /// <exception cref="IOException">open or fsync failed (errno in the message and HResult).</exception>
    public static void Fsync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(directory, ORdOnly | OCloexec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open('{directory}') for fsync failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync('{directory}') failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
