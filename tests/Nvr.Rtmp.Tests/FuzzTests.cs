using System.Buffers;
using System.Buffers.Binary;
using Nvr.Rtmp.Amf;
using Nvr.Rtmp.Chunks;
using Nvr.Rtmp.Flv;
using Nvr.Rtmp.Handshake;
using Nvr.Testing.Fuzz;

namespace Nvr.Rtmp.Tests;

/// <summary>
/// Replays the seed corpora (real FFmpeg/librtmp bytes and hostile inputs) and their mutations
/// through each parser: none may throw, and memory stays within its bound.
/// </summary>
public class FuzzTests
{
    [Fact]
    public void Amf0()
    {
        var decoded = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("amf0"))
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var values = new List<Amf0Value>();
            Amf0Reader.TryReadAll(input, values);
            decoded += values.Count;
            foreach (var v in values) _ = v.ToString();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 200L * input.Length + 64 * 1024, $"allocated {allocated} for {input.Length} bytes");
        }
        Assert.True(decoded > 1000);
    }

    [Fact]
    public void RtmpHandshake()
    {
        var output = new byte[RtmpServerHandshake.S0S1S2Size];
        var complex = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("rtmp-handshake"))
        {
            var result = RtmpServerHandshake.ProcessC0C1(input, output, 1);
            if (result == RtmpHandshakeResult.Complex) complex++;
            Assert.True(Enum.IsDefined(result));
        }
        Assert.True(complex >= 1); // the FFmpeg seed at least
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(7)]
    public void RtmpChunk(int segment)
    {
        var messages = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("rtmp-chunk"))
        {
            var reader = new RtmpChunkReader(maxMessageSize: 64 * 1024, maxChunkStreams: 8, maxPendingBytes: 128 * 1024);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var leftover = Array.Empty<byte>();
            for (var offset = 0; offset < input.Length; offset += segment)
            {
                // Bytes the reader left (an incomplete header) come again in front of the next segment.
                byte[] window = [.. leftover, .. input.AsSpan(offset, Math.Min(segment, input.Length - offset))];
                var seq = new SequenceReader<byte>(new ReadOnlySequence<byte>(window));
                RtmpChunkReadStatus status;
                while ((status = reader.Read(ref seq, out var m)) == RtmpChunkReadStatus.Message)
                {
                    messages++;
                    Assert.True(m.Payload.Length <= reader.MaxMessageSize);
                    if (m.Type == RtmpMessageType.SetChunkSize && m.Payload.Length >= 4)
                    {
                        var size = BinaryPrimitives.ReadUInt32BigEndian(m.Payload.Span);
                        if (size is >= 1 and <= 0xFFFFFF) reader.ChunkSize = (int)size;
                    }
                    if (m.Type == RtmpMessageType.Abort && m.Payload.Length >= 4) reader.Abort(BinaryPrimitives.ReadUInt32BigEndian(m.Payload.Span));
                }
                Assert.True(reader.PendingBytes <= reader.MaxPendingBytes);
                if (status == RtmpChunkReadStatus.Error)
                {
                    Assert.NotNull(reader.Error);
                    break;
                }
                Assert.True(seq.Remaining <= 18, "only an incomplete chunk header may be left");
                leftover = window[^(int)seq.Remaining..];
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 3 * reader.MaxPendingBytes + 64L * input.Length + 64 * 1024, $"allocated {allocated} for {input.Length} bytes");
        }
        Assert.True(messages > 100);
    }

    [Fact]
    public void Flv()
    {
        var units = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("flv", mutationsPerSeed: 100))
        {
            if (FlvReader.TryReadHeader(input, out _, out var offset) != FlvReadStatus.Ok) offset = 0;
            var demuxer = new FlvDemuxer();
            while (FlvReader.ReadTag(input, ref offset, out var tag) == FlvReadStatus.Ok)
            {
                if (demuxer.Demux(tag.Type, tag.Timestamp, tag.Body, out var unit) == FlvDemuxResult.Unit)
                {
                    units++;
                    Assert.NotNull(demuxer.Description);
                    Assert.True(unit!.Payload.Length <= tag.Body.Length * 2);
                }
            }
        }
        Assert.True(units > 100);
    }
}
