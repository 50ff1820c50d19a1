using System.Net;

namespace Nvr.Rtsp.Auth;

/// <summary>
/// Counts wrong credentials per client address and blocks an address that reaches
/// <see cref="DigestAuthPolicy.MaxAuthFailures"/> within <see cref="DigestAuthPolicy.AuthFailureWindow"/>
/// for <see cref="DigestAuthPolicy.AuthBlockDuration"/> (fail2ban's model, in process). A success
/// clears the address. Bounded: at most <see cref="MaxTrackedAddresses"/> entries, pruned by age.
/// </summary>
public sealed class AuthThrottle
{
    /// <summary>A flood from many addresses cannot grow the table beyond this; the oldest entries go first.</summary>
    public const int MaxTrackedAddresses = 4096;

    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly TimeProvider _time;
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly TimeSpan _block;

    public AuthThrottle(DigestAuthPolicy policy, TimeProvider time)
    {
        _time = time;
        _maxFailures = policy.MaxAuthFailures;
        _window = policy.AuthFailureWindow;
        _block = policy.AuthBlockDuration;
    }

    /// <summary>True (with the time left) while <paramref name="address"/> is blocked.</summary>
    public bool IsBlocked(IPAddress address, out TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var e) && e.BlockedUntil > now)
            {
                retryAfter = e.BlockedUntil - now;
                return true;
            }
        }
        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary>Records a failure; true when this failure blocks the address.</summary>
    public bool RecordFailure(IPAddress address)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out var e) || now - e.WindowStart > _window)
            {
                if (_entries.Count >= MaxTrackedAddresses) PruneLocked(now, force: true);
                e = new Entry { WindowStart = now };
            }
            e.Failures++;
            bool blocked = false;
            if (e.Failures >= _maxFailures)
            {
                e.BlockedUntil = now + _block;
                e.Failures = 0;
                e.WindowStart = now;
                blocked = true;
            }
            _entries[address] = e;
            return blocked;
        }
    }

    public void RecordSuccess(IPAddress address)
    {
        lock (_lock) _entries.Remove(address);
    }

    /// <summary>Drops entries that no longer matter (called by the owner's housekeeping).</summary>
    public void Prune()
    {
        var now = _time.GetUtcNow();
        lock (_lock) PruneLocked(now, force: false);
    }

    private void PruneLocked(DateTimeOffset now, bool force)
    {
        List<IPAddress>? stale = null;
        foreach (var (address, e) in _entries)
        {
            if (e.BlockedUntil <= now && (force || now - e.WindowStart > _window)) (stale ??= []).Add(address);
        }
        if (stale is null) return;
        foreach (var address in stale) _entries.Remove(address);
    }

    private struct Entry
    {
        public int Failures;
        public DateTimeOffset WindowStart;
        public DateTimeOffset BlockedUntil;
    }
}
