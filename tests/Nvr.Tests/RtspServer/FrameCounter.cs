using System.Buffers.Binary;
using Nvr.Rtsp.Client;

namespace Nvr.Tests.RtspServer;

/// <summary>
/// An in-process viewer's bookkeeping: video frames (RTP packets with the marker bit on the video
/// track) and sequence-number gaps. Fed from <see cref="RtspClient"/>'s packet handler.
/// </summary>
internal sealed class FrameCounter
{
    private readonly Lock _lock = new();
    private int _videoTrack = -1;
    private int? _lastSequence;
    private long _frames;
    private long _gaps;
    private long _packets;

    public long Frames
    {
        get { lock (_lock) return _frames; }
    }

    public long Gaps
    {
        get { lock (_lock) return _gaps; }
    }

    public long Packets
    {
        get { lock (_lock) return _packets; }
    }

    public void SetVideoTrack(int index)
    {
        lock (_lock) _videoTrack = index;
    }

    public void OnPacket(in RtspReceivedPacket packet)
    {
        if (packet.IsRtcp || packet.Data.Length < 12) return;
        var span = packet.Data.Span;
        lock (_lock)
        {
            if (packet.TrackIndex != _videoTrack) return;
            _packets++;
            int sequence = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
            if (_lastSequence is int last && sequence != ((last + 1) & 0xFFFF)) _gaps++;
            _lastSequence = sequence;
            if ((span[1] & 0x80) != 0) _frames++;
        }
    }
}
