namespace Nvr.Cameras;

/// <summary>Counters an ingest keeps for the API and MQTT stats. Written by the ingest, read anywhere.</summary>
public sealed class IngestStatistics
{
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _reordered;
    private long _unitsDropped;
    private long _malformed;
    private long _discontinuities;
    private string _transport = "";

    public long PacketsReceived => Interlocked.Read(ref _packets);
    public long BytesReceived => Interlocked.Read(ref _bytes);
    public long PacketsLost => Interlocked.Read(ref _lost);
    public long PacketsReordered => Interlocked.Read(ref _reordered);
    /// <summary>Access units the depacketizers dropped (loss inside a unit, oversize).</summary>
    public long UnitsDropped => Interlocked.Read(ref _unitsDropped);
    public long PacketsMalformed => Interlocked.Read(ref _malformed);
    /// <summary>RTP timestamp discontinuities (large step back or forward) that re-anchored a track.</summary>
    public long TimestampDiscontinuities => Interlocked.Read(ref _discontinuities);
    /// <summary>Transport of the current run: tcp, udp or multicast.</summary>
    public string Transport => Volatile.Read(ref _transport);

    public void AddPacket(int bytes)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddLost(long n) => Interlocked.Add(ref _lost, n);
    public void AddReordered(long n) => Interlocked.Add(ref _reordered, n);
    public void AddUnitsDropped(long n) => Interlocked.Add(ref _unitsDropped, n);
    public void AddMalformed(long n) => Interlocked.Add(ref _malformed, n);
    public void AddTimestampDiscontinuity() => Interlocked.Increment(ref _discontinuities);
    public void SetTransport(string transport) => Volatile.Write(ref _transport, transport);
}
