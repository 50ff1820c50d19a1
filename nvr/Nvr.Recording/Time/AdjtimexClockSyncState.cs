using System.Runtime.InteropServices;

namespace Nvr.Recording.Time;

/// <summary>
/// Clock synchronisation as the kernel reports it: <c>adjtimex(2)</c> with <c>modes = 0</c> (read
/// only, no privilege needed) through <c>LibraryImport</c> on glibc. The return value is the clock
/// state; <c>TIME_ERROR</c> (5) means <c>STA_UNSYNC</c> is set, i.e. no NTP daemon (timesyncd,
/// chrony, ntpd) has synchronised the clock — what <c>timedatectl</c> shows as
/// "System clock synchronized: no". Any other state counts as synchronised. Off Linux, or when
/// the call fails, the clock is reported unsynchronised.
/// </summary>
public sealed partial class AdjtimexClockSyncState : IClockSyncState
{
    private const int TimeError = 5;

    // struct timex is 208 bytes on 64-bit glibc (x86-64 and AArch64); modes (first field, u32) = 0
    // reads without changing anything. A larger zeroed buffer leaves room for any padding.
    private const int TimexBufferSize = 512;

    public static AdjtimexClockSyncState Instance { get; } = new();

    public bool IsSynchronised => State is >= 0 and not TimeError;

    /// <summary>The raw adjtimex return value (TIME_OK 0 … TIME_ERROR 5), or -1 when it cannot be read.</summary>
    public static unsafe int State
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return -1;
            byte* buffer = stackalloc byte[TimexBufferSize];
            new Span<byte>(buffer, TimexBufferSize).Clear();
            try
            {
                return Adjtimex(buffer);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return -1;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    private static unsafe partial int Adjtimex(byte* timex);
}
