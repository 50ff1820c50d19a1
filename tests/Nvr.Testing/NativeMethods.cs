using System.Runtime.InteropServices;

namespace Nvr.Testing;

/// <summary>libc calls the harness needs and .NET does not expose.</summary>
internal static partial class NativeMethods
{
    /// <summary>kill(2): send <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
