namespace Nvr.Media.Rtp;

/// <summary>
/// Puts UDP-delivered RTP packets of one source back in sequence order (RFC 3550 §5.1: the
/// sequence number "may be used by the receiver ... to restore packet sequence"), bounded both in
/// packets and in waiting time. A pure state machine: the caller supplies the time.
/// </summary>
/// <remarks>
/// <para>Use: call <see cref="Push"/> for every arriving packet with the current monotonic time;
/// it appends whatever became ready to the output list. When no packet arrives, call
/// <see cref="Drain"/> at <see cref="NextDeadline"/> to release packets whose wait expired.
/// <see cref="Flush"/> releases everything (end of stream).</para>
/// <para>Window: the buffer holds sequence numbers <c>next .. next + capacity − 1</c>, where
/// <c>next</c> is the first not yet released. A packet beyond the window pushes it forward: the
/// packets it passes are released and the holes it passes are given up as lost. A hole is also
/// given up when any packet behind it has waited <c>maxDelay</c>. The packet released after a
/// given-up hole carries <see cref="RtpReorderedPacket.LossBefore"/> = true.</para>
/// <para>Steps of <see cref="RtpSequenceUnwrapper.MaxDropout"/> or more forward, or more than
/// <see cref="RtpSequenceUnwrapper.MaxMisorder"/> back, are jumps (RFC 3550 A.1): the packet is
/// held, and if the next packet follows it the old window is flushed and a new one starts there
/// (<see cref="RtpReorderResult.Restarted"/>). A new SSRC restarts at once.</para>
/// <para>With <c>maxDelay</c> zero (or capacity 1) nothing waits: this is the loss detector for
/// TCP-interleaved transport, where packets cannot be reordered but can still be missing.</para>
/// <para>Released packets alias the memory they were parsed from: the caller must not reuse a
/// receive buffer while a packet parsed from it may still be buffered here.</para>
/// </remarks>
public sealed class RtpReorderBuffer
{
    public const int DefaultCapacity = 64;
    public const int MaxCapacity = 1024;
    /// <summary>Default wait for a missing packet: long enough for Wi-Fi/LAN reordering, short for live view.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromMilliseconds(200);

    private readonly int _capacity;
    private readonly long _maxDelayTicks;
    private readonly RtpPacket[] _packets;
    private readonly long[] _arrivals;
    private readonly bool[] _present;
    // For sequence numbers next − capacity .. next − 1: released (true) or given up (false).
    private readonly bool[] _released;

    private bool _started;
    private uint _ssrc;
    private long _next;
    private long _highest;
    private bool _lossPending;
    private int _count;
    private bool _hasHeld;
    private RtpPacket _held;
    private long _heldArrival;

    public RtpReorderBuffer(int capacity, TimeSpan maxDelay, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _capacity = capacity;
        _maxDelayTicks = (long)((Int128)maxDelay.Ticks * ticksPerSecond / TimeSpan.TicksPerSecond);
        _packets = new RtpPacket[capacity];
        _arrivals = new long[capacity];
        _present = new bool[capacity];
        _released = new bool[capacity];
    }

    /// <summary>Packets currently waiting for a hole before them to fill.</summary>
    public int Count => _count;
    /// <summary>Sequence numbers given up as lost.</summary>
    public long PacketsLost { get; private set; }
    /// <summary>Packets dropped as duplicates.</summary>
    public long PacketsDuplicate { get; private set; }
    /// <summary>Packets dropped because they arrived after their hole was given up.</summary>
    public long PacketsLate { get; private set; }
    /// <summary>Packets that arrived out of order and were put back in place.</summary>
    public long PacketsReordered { get; private set; }
    /// <summary>Held jump packets that no following packet confirmed; dropped.</summary>
    public long PacketsDiscarded { get; private set; }
    /// <summary>Restarts of the numbering or SSRC after the first packet.</summary>
    public long Restarts { get; private set; }

    /// <summary>
    /// Time (in the caller's ticks) at which <see cref="Drain"/> will give up the current hole,
    /// or null when nothing is waiting.
    /// </summary>
    public long? NextDeadline
    {
        get
        {
            if (_count == 0) return null;
            return OldestArrival() + _maxDelayTicks;
        }
    }

    public RtpReorderResult Push(in RtpPacket packet, long nowTicks, List<RtpReorderedPacket> output)
    {
        var result = RtpReorderResult.Accepted;
        if (_started && packet.Ssrc != _ssrc)
        {
            Flush(output);
            Array.Clear(_released);
            _hasHeld = false;
            _started = false;
            _lossPending = true;
            Restarts++;
            result = RtpReorderResult.Restarted;
        }
        if (!_started)
        {
            _started = true;
            _ssrc = packet.Ssrc;
            _next = packet.SequenceNumber;
            _highest = _next - 1;
        }

        int delta = (short)(packet.SequenceNumber - (ushort)_next);
        if (delta >= RtpSequenceUnwrapper.MaxDropout || delta < -RtpSequenceUnwrapper.MaxMisorder)
        {
            if (!_hasHeld || packet.SequenceNumber != (ushort)(_held.SequenceNumber + 1))
            {
                if (_hasHeld) PacketsDiscarded++;
                _hasHeld = true;
                _held = packet;
                _heldArrival = nowTicks;
                return RtpReorderResult.Held;
            }
            // Confirmed restart: release the old window, start a new one at the held packet,
            // keeping the extended numbers increasing and their low 16 bits equal to the wire.
            Flush(output);
            Array.Clear(_released);
            long start = (_next & ~0xFFFFL) + _held.SequenceNumber;
            if (start < _next) start += 0x10000;
            _next = start;
            _highest = start - 1;
            _lossPending = true;
            Restarts++;
            _hasHeld = false;
            Insert(_held, start, _heldArrival);
            Insert(packet, start + 1, nowTicks);
            Release(nowTicks, output);
            return RtpReorderResult.Restarted;
        }
        if (_hasHeld)
        {
            PacketsDiscarded++;
            _hasHeld = false;
        }

        long ext = _next + delta;
        if (delta < 0)
        {
            if (ext >= 0 && -delta <= _capacity && _released[Index(ext)])
            {
                PacketsDuplicate++;
                return RtpReorderResult.Duplicate;
            }
            PacketsLate++;
            return RtpReorderResult.Late;
        }
        if (delta >= _capacity) AdvanceTo(ext - _capacity + 1, output);
        if (_present[Index(ext)])
        {
            PacketsDuplicate++;
            return RtpReorderResult.Duplicate;
        }
        Insert(packet, ext, nowTicks);
        Release(nowTicks, output);
        return result;
    }

    /// <summary>Releases packets whose hole has waited out <c>maxDelay</c> by <paramref name="nowTicks"/>.</summary>
    public void Drain(long nowTicks, List<RtpReorderedPacket> output) => Release(nowTicks, output);

    /// <summary>Releases every buffered packet, giving up all holes (end of stream, or a restart).</summary>
    public void Flush(List<RtpReorderedPacket> output)
    {
        if (_count > 0) AdvanceTo(_highest + 1, output);
    }

    private void Insert(in RtpPacket packet, long ext, long arrival)
    {
        int i = Index(ext);
        _packets[i] = packet;
        _arrivals[i] = arrival;
        _present[i] = true;
        _count++;
        if (ext < _highest) PacketsReordered++;
        else _highest = ext;
    }

    private void Release(long nowTicks, List<RtpReorderedPacket> output)
    {
        while (true)
        {
            while (_present[Index(_next)]) Emit(output);
            if (_count == 0) return;
            if (nowTicks - OldestArrival() < _maxDelayTicks) return;
            // Give up the hole at the head: skip to the first buffered packet.
            while (!_present[Index(_next)]) Skip();
        }
    }

    /// <summary>Releases or gives up everything before <paramref name="target"/>.</summary>
    private void AdvanceTo(long target, List<RtpReorderedPacket> output)
    {
        while (_next < target)
        {
            if (_count == 0)
            {
                // Nothing buffered: jump over the rest of the hole in one step.
                long gap = target - _next;
                PacketsLost += gap;
                _lossPending = true;
                for (long s = Math.Max(_next, target - _capacity); s < target; s++) _released[Index(s)] = false;
                _next = target;
                return;
            }
            if (_present[Index(_next)]) Emit(output);
            else Skip();
        }
    }

    private void Emit(List<RtpReorderedPacket> output)
    {
        int i = Index(_next);
        output.Add(new RtpReorderedPacket(_packets[i], _lossPending));
        _packets[i] = default;
        _present[i] = false;
        _released[i] = true;
        _lossPending = false;
        _count--;
        _next++;
    }

    private void Skip()
    {
        _released[Index(_next)] = false;
        PacketsLost++;
        _lossPending = true;
        _next++;
    }

    private long OldestArrival()
    {
        long oldest = long.MaxValue;
        for (int i = 0; i < _capacity; i++)
        {
            if (_present[i] && _arrivals[i] < oldest) oldest = _arrivals[i];
        }
        return oldest;
    }

    private int Index(long ext) => (int)(ext % _capacity);
}
