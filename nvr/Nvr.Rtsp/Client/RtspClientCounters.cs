namespace Nvr.Rtsp.Client;

/// <summary>Counters of one <see cref="RtspClient"/> (read at any time; updated with Interlocked).</summary>
public sealed class RtspClientCounters
{
    internal long RtpPacketsField, RtcpPacketsField, BytesField, UnknownChannelField, ForeignDatagramsField,
        KeepalivesField, KeepaliveFailuresField, ServerRequestsField, StrayResponsesField, LastPacketField;

    public long RtpPackets => Interlocked.Read(ref RtpPacketsField);
    public long RtcpPackets => Interlocked.Read(ref RtcpPacketsField);
    /// <summary>Payload bytes of RTP and RTCP packets.</summary>
    public long Bytes => Interlocked.Read(ref BytesField);
    /// <summary>Interleaved frames on a channel no track was set up on (dropped).</summary>
    public long UnknownChannelFrames => Interlocked.Read(ref UnknownChannelField);
    /// <summary>UDP datagrams from an address other than the server's (dropped).</summary>
    public long ForeignDatagrams => Interlocked.Read(ref ForeignDatagramsField);
    public long KeepalivesSent => Interlocked.Read(ref KeepalivesField);
    /// <summary>Keepalives answered with an error status or not answered in time.</summary>
    public long KeepaliveFailures => Interlocked.Read(ref KeepaliveFailuresField);
    /// <summary>Requests the server sent us (answered 200 or 501).</summary>
    public long ServerRequests => Interlocked.Read(ref ServerRequestsField);
    /// <summary>Responses that matched no outstanding request (late, duplicated).</summary>
    public long StrayResponses => Interlocked.Read(ref StrayResponsesField);
    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last RTP packet; 0 before the first.</summary>
    public long LastRtpTimestamp => Interlocked.Read(ref LastPacketField);
}
